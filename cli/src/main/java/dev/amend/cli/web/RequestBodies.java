package dev.amend.cli.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.amend.api.InvalidInputException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.TimeoutException;

/** Request bodies: read up to a size (a 413 past it), and JSON objects bound to records and validated. */
final class RequestBodies {

    /** The largest JSON body read. */
    static final int MAX_JSON = 64 * 1024;
    /** The largest uploaded edit read. */
    static final int MAX_UPLOAD = 64 << 20;
    /** How much of a too-large body is read and dropped, so that the client, done sending, reads the 413. */
    private static final long MAX_DRAINED = 16L << 20;

    private RequestBodies() {}

    /**
     * The body as a {@code type} record, validated.
     *
     * @throws InvalidInputException when it is not a JSON object; {@link InvalidFieldException} when a field has the
     *                               wrong type or breaks its record's rules
     * @throws BodyTooLargeException over {@value #MAX_JSON} bytes
     */
    static <T extends ValidatedBody> T json(Context ctx, Class<T> type) throws IOException {
        T body = bind(read(ctx, MAX_JSON), type);
        body.validate();
        return body;
    }

    /**
     * The body's bytes, at most {@code max} of them; past that a {@link BodyTooLargeException}. A client that stops
     * sending for the server's read timeout, or hangs up, gets a {@link BodyNotReadException}.
     */
    static byte[] read(Context ctx, int max) {
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length > max) {
                drain(in);
                throw new BodyTooLargeException("request body over " + max + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw BodyNotReadException.of(e);
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] sink = new byte[1 << 16];
        long drained = 0;
        for (int n; drained < MAX_DRAINED && (n = in.read(sink)) > 0; ) {
            drained += n;
        }
    }

    private static <T> T bind(byte[] bytes, Class<T> type) throws IOException {
        T body;
        try (JsonParser parser = ApiJson.MAPPER.createParser(bytes)) {
            try {
                body = ApiJson.MAPPER.readValue(parser, type);
            } catch (MismatchedInputException e) {
                throw wrongType(e, parser.currentToken());
            }
        } catch (StreamReadException e) {
            throw new InvalidInputException("malformed JSON: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("the request body does not fit: " + e.getOriginalMessage());
        }
        if (body == null) {
            throw notAnObject();
        }
        return body;
    }

    /**
     * A field given with the wrong JSON type (the field named, with the {@code token} found), or a body that is not a
     * JSON object.
     */
    private static InvalidInputException wrongType(MismatchedInputException e, JsonToken token) {
        List<JsonMappingException.Reference> path = e.getPath();
        if (path.isEmpty() || path.get(0).getFieldName() == null) {
            return notAnObject();
        }
        String field = path.get(0).getFieldName();
        return new InvalidFieldException(field, "field '" + field + "' must be " + expected(e.getTargetType())
                + given(token));
    }

    private static String expected(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        return type == Integer.class || type == int.class ? "an integer" : "a " + type.getSimpleName();
    }

    private static String given(JsonToken token) {
        if (token == null) {
            return "";
        }
        return switch (token) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> ", got a number";
            case VALUE_TRUE, VALUE_FALSE -> ", got a boolean";
            case VALUE_STRING -> ", got a string";
            case START_OBJECT, END_OBJECT -> ", got an object";
            case START_ARRAY, END_ARRAY -> ", got an array";
            default -> "";
        };
    }

    private static InvalidInputException notAnObject() {
        return new InvalidInputException("the request body must be a JSON object");
    }

    /** The request body did not arrive: it stalled past the read timeout (a 408) or the client hung up (a 400). */
    static final class BodyNotReadException extends RuntimeException {
        private final boolean timedOut;

        private BodyNotReadException(String message, boolean timedOut) {
            super(message);
            this.timedOut = timedOut;
        }

        static BodyNotReadException of(IOException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof TimeoutException) {
                    return new BodyNotReadException("the request body stopped arriving before it was complete"
                            + " (nothing received for the server's read timeout)", true);
                }
            }
            return new BodyNotReadException("the request body could not be read: the connection was cut off", false);
        }

        boolean timedOut() {
            return timedOut;
        }
    }

    /** The request body is larger than its route accepts (a 413). */
    static final class BodyTooLargeException extends RuntimeException {
        BodyTooLargeException(String message) {
            super(message);
        }
    }
}
