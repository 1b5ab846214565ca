package dev.amend.models.hf;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amend.api.InvalidInputException;
import dev.amend.api.model.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * {@code tokenizer.json} through DJL's binding of HuggingFace's tokenizers (offline, native library bundled). The
 * vocabulary is also read from the file so that ids can be shown as their stored tokens and checked against the
 * embedding.
 */
public final class HfTokenizer implements Tokenizer, AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final String[] tokens;
    private final int padId;
    private final OptionalInt eosId;

    private HfTokenizer(HuggingFaceTokenizer tokenizer, String[] tokens, int padId, OptionalInt eosId) {
        this.tokenizer = tokenizer;
        this.tokens = tokens;
        this.padId = padId;
        this.eosId = eosId;
    }

    /**
     * Loads {@code directory/tokenizer.json}; special ids come from {@code config.json} (pad falls back to eos, then 0).
     *
     * @throws InvalidInputException when the file is missing or malformed
     */
    public static HfTokenizer load(Path directory, HfConfig config) throws IOException {
        Path file = directory.resolve("tokenizer.json");
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + " is missing: the model directory needs its tokenizer");
        }
        String[] tokens = vocabulary(file);
        HuggingFaceTokenizer tokenizer;
        try {
            tokenizer = HuggingFaceTokenizer.newInstance(file, Map.of("addSpecialTokens", "false",
                    "truncation", "false", "padding", "false"));
        } catch (RuntimeException e) {
            throw new InvalidInputException(file + ": not a tokenizer the HuggingFace tokenizers library can load: "
                    + e.getMessage(), e);
        }
        OptionalInt eos = config.optionalInt("eos_token_id");
        int pad = config.optionalInt("pad_token_id").orElse(eos.orElse(0));
        return new HfTokenizer(tokenizer, tokens, pad, eos);
    }

    /** The most token ids a vocabulary may have: far above any model's (about 256k), far below a memory hazard. */
    static final int MAX_VOCABULARY = 1 << 24;

    private static String[] vocabulary(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidInputException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode vocab = root == null ? null : root.path("model").get("vocab");
        if (vocab == null) {
            throw new InvalidInputException(file + ": missing model.vocab");
        }
        int size = vocab.isArray() ? vocab.size() : 0;
        for (var e : vocab.isObject() ? vocab.properties() : java.util.Set.<Map.Entry<String, JsonNode>>of()) {
            size = Math.max(size, id(e.getValue(), file, "model.vocab entry '" + e.getKey() + "'") + 1);
        }
        for (JsonNode added : root.path("added_tokens")) {
            size = Math.max(size, id(added.path("id"), file, "added_tokens entry " + added.path("content")) + 1);
        }
        String[] tokens = new String[size];
        if (vocab.isArray()) {
            for (int i = 0; i < vocab.size(); i++) {
                tokens[i] = vocab.get(i).path(0).asText();
            }
        } else {
            vocab.properties().forEach(e -> tokens[e.getValue().asInt()] = e.getKey());
        }
        for (JsonNode added : root.path("added_tokens")) {
            tokens[added.path("id").asInt()] = added.path("content").asText();
        }
        return tokens;
    }

    /** {@code id} as a token id: an integer in [0, {@link #MAX_VOCABULARY}), else bad input naming the file. */
    private static int id(JsonNode id, Path file, String where) {
        if (!id.isIntegralNumber() || !id.canConvertToInt() || id.intValue() < 0 || id.intValue() >= MAX_VOCABULARY) {
            throw new InvalidInputException(file + ": " + where + " has id " + id + "; expected an integer in [0, "
                    + MAX_VOCABULARY + ")");
        }
        return id.intValue();
    }

    @Override
    public int[] encode(String text, boolean addSpecialTokens) {
        return Arrays.stream(tokenizer.encode(text, addSpecialTokens, false).getIds()).mapToInt(Math::toIntExact)
                .toArray();
    }

    @Override
    public List<int[]> encodeAll(List<String> texts, boolean addSpecialTokens) {
        return Arrays.stream(tokenizer.batchEncode(texts, addSpecialTokens, false))
                .map(e -> Arrays.stream(e.getIds()).mapToInt(Math::toIntExact).toArray()).toList();
    }

    @Override
    public String decode(int[] ids) {
        return tokenizer.decode(Arrays.stream(ids).asLongStream().toArray(), true);
    }

    @Override
    public String token(int id) {
        String token = id >= 0 && id < tokens.length ? tokens[id] : null;
        return token != null ? token : "<id " + id + ">";
    }

    @Override
    public int vocabSize() {
        return tokens.length;
    }

    @Override
    public int padId() {
        return padId;
    }

    @Override
    public OptionalInt eosId() {
        return eosId;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
