package dev.amend.harness.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amend.api.InvalidInputException;
import java.nio.file.Path;

/**
 * How the harness reads JSON that a user hands it (requests files, a study's rows): one set of limits, so that no
 * file, however built, can nest the parser into a stack overflow or make it hold a gigabyte-long string or number;
 * and one way of naming what was wrong, with the file, the record and its line.
 */
public final class InputJson {

    /** Deepest nesting of arrays and objects: records nest a handful of levels. */
    public static final int MAX_NESTING_DEPTH = 64;

    /** Longest string, in characters: far beyond any model's context. */
    public static final int MAX_STRING_LENGTH = 1_000_000;

    /** Longest number, in characters. */
    public static final int MAX_NUMBER_LENGTH = 100;

    /**
     * Largest record, in bytes of the file, that is read into memory (as a tree it takes up to some 30 times that,
     * for a record of tiny strings): records of the public data sets take a few kilobytes.
     */
    public static final long MAX_RECORD_BYTES = 4L << 20;

    private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH).maxStringLength(MAX_STRING_LENGTH)
            .maxNumberLength(MAX_NUMBER_LENGTH).build();

    private static final String EXPECTED = "nesting depth at most " + MAX_NESTING_DEPTH + ", strings at most "
            + MAX_STRING_LENGTH + " characters, numbers at most " + MAX_NUMBER_LENGTH + " digits";

    private InputJson() {}

    /** A mapper for user files, with the limits above; fields it does not know are skipped. */
    public static ObjectMapper mapper() {
        return new ObjectMapper(JsonFactory.builder().streamReadConstraints(LIMITS).build())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /**
     * The error for JSON that could not be read: names {@code file}, {@code record}, its line and what was expected.
     *
     * @param record what was being read ("record 3", say)
     * @param line   1-based line where reading stopped, used when the exception carries no location
     */
    public static InvalidInputException refused(Path file, String record, long line, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        long where = at != null && at.getLineNr() > 0 ? at.getLineNr() : line;
        String problem = e instanceof StreamConstraintsException
                ? "exceeds the limits of what Amend reads (" + EXPECTED + "): " + e.getOriginalMessage()
                : "not valid JSON: " + e.getOriginalMessage();
        return new InvalidInputException(file + ": " + record + " (line " + where + "): " + problem, e);
    }

    /** The error for a record larger than {@link #MAX_RECORD_BYTES}. */
    public static InvalidInputException tooLarge(Path file, String record, long line) {
        return new InvalidInputException(file + ": " + record + " (line " + line + "): larger than "
                + MAX_RECORD_BYTES + " bytes; expected one record of strings and short lists");
    }
}
