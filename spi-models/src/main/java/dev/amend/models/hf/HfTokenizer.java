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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code tokenizer.json} through DJL's binding of HuggingFace's tokenizers (offline, native library bundled). The
 * vocabulary is also read from the file so that ids can be shown as their stored tokens and checked against the
 * embedding.
 */
public final class HfTokenizer implements Tokenizer, AutoCloseable {

    private final Path file;
    private final HuggingFaceTokenizer tokenizer;
    private final String[] tokens;
    private final int padId;
    private final OptionalInt eosId;

    private HfTokenizer(Path file, HuggingFaceTokenizer tokenizer, String[] tokens, int padId, OptionalInt eosId) {
        this.file = file;
        this.tokenizer = tokenizer;
        this.tokens = tokens;
        this.padId = padId;
        this.eosId = eosId;
    }

    /** tokenizer.json files above this are not tokenizers (released ones stay below 40 MB). */
    public static final long MAX_BYTES = 256L << 20;

    /**
     * Loads {@code directory/tokenizer.json}; special ids come from {@code config.json} (pad falls back to eos, then 0)
     * and must be below {@code vocabSize}.
     *
     * @param vocabSize the embedding's rows (config.json's vocab_size)
     * @throws InvalidInputException naming the file when it is missing, too big, malformed or not a tokenizer
     */
    public static HfTokenizer load(Path directory, HfConfig config, int vocabSize) throws IOException {
        Path file = directory.resolve("tokenizer.json");
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + " is missing: the model directory needs its tokenizer");
        }
        long bytes = Files.size(file);
        if (bytes > MAX_BYTES) {
            throw new InvalidInputException(file + " has " + bytes + " bytes, more than the " + MAX_BYTES
                    + " a tokenizer.json may have");
        }
        OptionalInt eos = config.tokenId(vocabSize, "eos_token_id");
        int pad = config.tokenId(vocabSize, "pad_token_id").orElse(eos.orElse(0));
        String[] tokens = vocabulary(file);
        HuggingFaceTokenizer tokenizer;
        try {
            tokenizer = HuggingFaceTokenizer.newInstance(file, Map.of("addSpecialTokens", "false",
                    "truncation", "false", "padding", "false"));
        } catch (RuntimeException e) {
            throw new InvalidInputException(file + ": not a tokenizer the HuggingFace tokenizers library can load: "
                    + e.getMessage(), e);
        }
        return new HfTokenizer(file, tokenizer, tokens, pad, eos);
    }

    /** The stored tokens by id, from {@code model.vocab} and {@code added_tokens}, every id checked. */
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
        JsonNode added = root.path("added_tokens");
        if (!added.isMissingNode() && !added.isNull() && !added.isArray()) {
            throw new InvalidInputException(file + ": added_tokens is " + abbreviated(added) + ", expected a list");
        }
        Map<Integer, String> byId = new HashMap<>();
        if (vocab.isArray()) {
            for (int i = 0; i < vocab.size(); i++) {
                JsonNode pair = vocab.get(i);
                if (!pair.isArray() || pair.isEmpty() || !pair.get(0).isTextual()) {
                    throw new InvalidInputException(file + ": model.vocab[" + i + "] is " + abbreviated(pair)
                            + ", expected a [token, score] pair");
                }
                byId.put(i, pair.get(0).asText());
            }
        } else if (vocab.isObject()) {
            vocab.properties().forEach(e -> byId.put(id(file, "model.vocab: '" + e.getKey() + "'", e.getValue()),
                    e.getKey()));
        } else {
            throw new InvalidInputException(file + ": model.vocab is " + abbreviated(vocab)
                    + ", expected an object of token → id or a list of [token, score] pairs");
        }
        for (int i = 0; i < added.size(); i++) {
            JsonNode token = added.get(i);
            byId.put(id(file, "added_tokens[" + i + "]", token.path("id")), token.path("content").asText());
        }
        String unknown = unknownToken(root.path("model"));
        if (unknown != null && !byId.containsValue(unknown)) {   // every unknown word would fail to encode
            throw new InvalidInputException(file + ": model.unk_token \"" + unknown + "\" is not in the vocabulary");
        }
        String[] tokens = new String[byId.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1];
        byId.forEach((id, token) -> tokens[id] = token);
        return tokens;
    }

    /** The token a model encodes unknown words as: its unk_token, or the library's default where it has one. */
    private static String unknownToken(JsonNode model) {
        JsonNode token = model.path("unk_token");
        if (token.isTextual()) {
            return token.asText();
        }
        boolean defaulted = token.isMissingNode() && Set.of("WordLevel", "WordPiece").contains(model.path("type").asText());
        return defaulted ? "[UNK]" : null;
    }

    private static int id(Path file, String where, JsonNode id) {
        if (!id.canConvertToInt() || !id.isIntegralNumber() || id.asInt() < 0 || id.asInt() >= HfConfig.MAX_VOCAB) {
            throw new InvalidInputException(file + ": " + where + " has id " + abbreviated(id)
                    + ", expected a whole number from 0 to " + (HfConfig.MAX_VOCAB - 1));
        }
        return id.asInt();
    }

    private static String abbreviated(JsonNode node) {
        String text = node.isMissingNode() ? "missing" : node.toString();
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }

    @Override
    public int[] encode(String text, boolean addSpecialTokens) {
        try {
            return Arrays.stream(tokenizer.encode(text, addSpecialTokens, false).getIds()).mapToInt(Math::toIntExact)
                    .toArray();
        } catch (RuntimeException e) {   // the native library's refusal: what the file lacks to encode this text
            throw new InvalidInputException(file + ": the tokenizer cannot encode the text: " + e.getMessage(), e);
        }
    }

    /**
     * One text at a time: the library's batch call ends the whole JVM (a panic in native code) where the single call
     * reports an encoding error, such as a vocabulary without its unknown token.
     */
    @Override
    public List<int[]> encodeAll(List<String> texts, boolean addSpecialTokens) {
        return texts.stream().map(text -> encode(text, addSpecialTokens)).toList();
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
