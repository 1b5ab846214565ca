package dev.amend.testkit.tiny;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Shape of a tiny model; stored in its {@code config.json}.
 *
 * @param vocab             the word list; ids 0, 1, 2 are {@code <pad>}, {@code <unk>}, {@code <eos>}
 * @param hiddenSize        residual width
 * @param numLayers         blocks
 * @param numHeads          attention heads (dividing the hidden size)
 * @param mlpSize           MLP key width
 * @param maxPositions      longest input
 * @param tieWordEmbeddings whether the output head is the embedding (else a separate {@code head.weight})
 */
public record TinyConfig(@JsonProperty("vocab") List<String> vocab,
                         @JsonProperty("hidden_size") int hiddenSize,
                         @JsonProperty("num_layers") int numLayers,
                         @JsonProperty("num_heads") int numHeads,
                         @JsonProperty("mlp_size") int mlpSize,
                         @JsonProperty("max_positions") int maxPositions,
                         @JsonProperty("tie_word_embeddings") boolean tieWordEmbeddings) {

    /** {@code config.json}'s model_type for tiny models. */
    public static final String MODEL_TYPE = "amend-tiny";

    /** The words of the default vocabulary, after the three special tokens. */
    public static final List<String> WORDS = List.of(
            "the", "a", "of", "is", "in", "was", "born", "capital", "city", "country", "language", "president",
            "lives", "works", "as", "speaks", "plays", "sport", "home", "new", "york", "france", "paris", "lyon",
            "germany", "berlin", "munich", "italy", "rome", "milan", "spain", "madrid", "japan", "tokyo", "french",
            "german", "italian", "spanish", "japanese", "english", "doctor", "teacher", "pilot", "chess", "tennis",
            "football", "alice", "bob", "carol", "dave", "smith", "jones", "main", "language's", "where", "did",
            "famous", "for", "its", "food", ".", ",");

    /**
     * Checks the configuration: the vocabulary starts with the special tokens, every size is positive and the width
     * is a multiple of the heads.
     *
     * @param vocab the word list; ids 0, 1, 2 are {@code <pad>}, {@code <unk>}, {@code <eos>}
     * @param hiddenSize residual width
     * @param numLayers blocks
     * @param numHeads attention heads (dividing the hidden size)
     * @param mlpSize MLP key width
     * @param maxPositions longest input
     * @param tieWordEmbeddings whether the output head is the embedding (else a separate {@code head.weight})
     */
    public TinyConfig {
        vocab = List.copyOf(vocab);
        if (vocab.size() < 4 || !vocab.get(0).equals(TinyTokenizer.PAD) || !vocab.get(1).equals(TinyTokenizer.UNK)
                || !vocab.get(2).equals(TinyTokenizer.EOS)) {
            throw new IllegalArgumentException("vocab must start with <pad>, <unk>, <eos> and hold words after them");
        }
        if (hiddenSize <= 0 || numLayers <= 0 || numHeads <= 0 || mlpSize <= 0 || maxPositions <= 0) {
            throw new IllegalArgumentException("sizes must be > 0");
        }
        if (hiddenSize % numHeads != 0) {
            throw new IllegalArgumentException("hidden_size " + hiddenSize + " is not divisible by num_heads " + numHeads);
        }
    }

    /** {@return the default: the default vocabulary, width 32, 2 layers, 2 heads, MLP 64, 32 positions, tied head} */
    public static TinyConfig standard() {
        return new TinyConfig(defaultVocab(), 32, 2, 2, 64, 32, true);
    }

    /** {@return the special tokens followed by {@link #WORDS}} */
    public static List<String> defaultVocab() {
        List<String> vocab = new java.util.ArrayList<>(List.of(TinyTokenizer.PAD, TinyTokenizer.UNK, TinyTokenizer.EOS));
        vocab.addAll(WORDS);
        return vocab;
    }

    /** {@return the width of one attention head} */
    public int headDim() {
        return hiddenSize / numHeads;
    }
}
