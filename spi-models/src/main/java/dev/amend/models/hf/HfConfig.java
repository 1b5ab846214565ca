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

    /** Most token ids a vocabulary may have (released models stay below 300,000). */
    public static final int MAX_VOCAB = 1 << 22;
    /** Widest hidden, head or MLP size (released models stay below 60,000). */
    public static final int MAX_WIDTH = 1 << 18;
    /** Most layers or heads (released models stay below 200). */
    public static final int MAX_LAYERS = 1 << 12;
    /** Longest context (released models stay below 11 million positions). */
    public static final int MAX_POSITIONS = 1 << 24;

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

    /**
     * A size that must be present: a whole number from 1 to {@code max}, checked before anything is allocated for it.
     *
     * @param max the largest value accepted (one of the {@code MAX_*} bounds)
     */
    public int requireSize(int max, String... keys) {
        return inRange(requireInt(keys), 1, max, keys);
    }

    /** A size (1 to {@code max}) when present, else {@code fallback}. */
    public int sizeOr(int fallback, int max, String... keys) {
        OptionalInt v = optionalInt(keys);
        return v.isPresent() ? inRange(v.getAsInt(), 1, max, keys) : fallback;
    }

    /** A token id (0 to {@code vocabSize - 1}) when present. */
    public OptionalInt tokenId(int vocabSize, String... keys) {
        OptionalInt v = optionalInt(keys);
        if (v.isPresent()) {
            inRange(v.getAsInt(), 0, vocabSize - 1, keys);
        }
        return v;
    }

    /** A positive finite number (an epsilon, a rotary base) when present, else {@code fallback}. */
    public double positiveOr(double fallback, String... keys) {
        double v = doubleOr(fallback, keys);
        if (!(v > 0) || Double.isInfinite(v)) {
            throw wrong(keys, "a number above 0", find(keys));
        }
        return v;
    }

    private int inRange(int value, int min, int max, String[] keys) {
        if (value < min || value > max) {
            throw wrong(keys, "a whole number from " + min + " to " + max, find(keys));
        }
        return value;
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
        String key = java.util.Arrays.stream(keys).filter(k -> root.get(k) == value).findFirst().orElse(keys[0]);
        return new InvalidInputException(file + ": '" + key + "' is " + value + ", expected " + expected);
    }
}
