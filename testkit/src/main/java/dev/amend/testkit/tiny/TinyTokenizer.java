package dev.amend.testkit.tiny;

import dev.amend.api.model.Tokenizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.StringJoiner;

/** Word-level: splits on whitespace, one id per word, unknown words map to {@code <unk>}. */
public final class TinyTokenizer implements Tokenizer {

    /** The padding token. */
    public static final String PAD = "<pad>";
    /** The token of words outside the vocabulary. */
    public static final String UNK = "<unk>";
    /** The end-of-sequence token. */
    public static final String EOS = "<eos>";

    private final List<String> vocab;
    private final Map<String, Integer> ids = new HashMap<>();

    /**
     * A tokenizer of {@code vocab}, after the special tokens.
     * @param vocab the words, one token each
     */
    public TinyTokenizer(List<String> vocab) {
        this.vocab = List.copyOf(vocab);
        for (int i = 0; i < vocab.size(); i++) {
            if (ids.putIfAbsent(vocab.get(i), i) != null) {
                throw new IllegalArgumentException("word '" + vocab.get(i) + "' appears twice in the vocabulary");
            }
        }
    }

    @Override
    public List<int[]> encodeAll(List<String> texts, boolean addSpecialTokens) {
        return texts.stream().map(t -> encode(t, addSpecialTokens)).toList();
    }

    @Override
    public int[] encode(String text, boolean addSpecialTokens) {
        List<Integer> out = new ArrayList<>();
        for (String word : text.trim().split("\\s+")) {
            if (!word.isEmpty()) {
                out.add(ids.getOrDefault(word, 1));
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String decode(int[] tokenIds) {
        StringJoiner text = new StringJoiner(" ");
        for (int id : tokenIds) {
            if (id > 2) {
                text.add(token(id));
            }
        }
        return text.toString();
    }

    @Override
    public String token(int id) {
        return vocab.get(id);
    }

    @Override
    public int vocabSize() {
        return vocab.size();
    }

    @Override
    public int padId() {
        return 0;
    }

    @Override
    public OptionalInt eosId() {
        return OptionalInt.of(2);
    }

    /**
     * {@return the id of a word}
     *
     * @param word a word of the vocabulary
     */
    public int id(String word) {
        Integer id = ids.get(word);
        if (id == null) {
            throw new IllegalArgumentException("'" + word + "' is not in the vocabulary");
        }
        return id;
    }
}
