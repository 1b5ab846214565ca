package dev.amend.models.hf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amend.api.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/** {@code config.json}, read with typed getters whose errors name the file and the key. */
public final class HfConfig {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final JsonNode root;

    private HfConfig(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /** Reads {@code directory/config.json}. */
    public static HfConfig read(Path directory) throws IOException {
        Path file = directory.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + " is missing: " + directory + " is not a HuggingFace model directory");
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (root == null || !root.isObject()) {
                throw new InvalidInputException(file + ": expected a JSON object");
            }
            return new HfConfig(file, root);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The file, for messages. */
    public Path file() {
        return file;
    }

    public String modelType() {
        return requireString("model_type");
    }

    /** An integer that must be present (under the first of {@code keys} that is). */
    public int requireInt(String... keys) {
        return optionalInt(keys).orElseThrow(() -> missing(keys, "an integer"));
    }

    public int intOr(int fallback, String... keys) {
        return optionalInt(keys).orElse(fallback);
    }

    /** An integer, absent when missing or null. */
    public OptionalInt optionalInt(String... keys) {
        JsonNode v = find(keys);
        if (v == null) {
            return OptionalInt.empty();
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw wrong(keys, "an integer", v);
        }
        return OptionalInt.of(v.asInt());
    }

    public double doubleOr(double fallback, String... keys) {
        JsonNode v = find(keys);
        if (v == null) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw wrong(keys, "a number", v);
        }
        return v.asDouble();
    }

    public boolean boolOr(boolean fallback, String... keys) {
        JsonNode v = find(keys);
        if (v == null) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw wrong(keys, "true or false", v);
        }
        return v.asBoolean();
    }

    public String stringOr(String fallback, String... keys) {
        JsonNode v = find(keys);
        if (v == null) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw wrong(keys, "a string", v);
        }
        return v.asText();
    }

    public String requireString(String... keys) {
        String value = stringOr(null, keys);
        if (value == null || value.isBlank()) {
            throw missing(keys, "a string");
        }
        return value;
    }

    /** A nested object, when present and not null. */
    public Optional<JsonNode> object(String key) {
        JsonNode v = root.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isObject()) {
            throw wrong(new String[] {key}, "an object", v);
        }
        return Optional.of(v);
    }

    /** Fails naming the file, the key and what was expected. */
    public InvalidInputException invalid(String key, String problem) {
        return new InvalidInputException(file + ": '" + key + "' " + problem);
    }

    private JsonNode find(String... keys) {
        for (String key : keys) {
            JsonNode v = root.get(key);
            if (v != null && !v.isNull()) {
                return v;
            }
        }
        return null;
    }

    private InvalidInputException missing(String[] keys, String expected) {
        return new InvalidInputException(file + ": missing '" + String.join("' or '", keys) + "' (expected " + expected
                + ")");
    }

    private InvalidInputException wrong(String[] keys, String expected, JsonNode value) {
        return new InvalidInputException(file + ": '" + keys[0] + "' is " + value + ", expected " + expected);
    }
}
