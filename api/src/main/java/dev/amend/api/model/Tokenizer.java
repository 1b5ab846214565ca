package dev.amend.api.model;

import java.util.OptionalInt;

/** Text to token ids and back, as the model was trained. */
public interface Tokenizer {

    /**
     * Token ids of {@code text}.
     *
     * @param addSpecialTokens whether to add what the model expects around an input (LLaMA's BOS, T5's EOS)
     */
    int[] encode(String text, boolean addSpecialTokens);

    /** Token ids of {@code text} without special tokens. */
    default int[] encode(String text) {
        return encode(text, false);
    }

    /** {@link #encode(String, boolean)} for several texts (tokenizers may do it in one call, in parallel). */
    default java.util.List<int[]> encodeAll(java.util.List<String> texts, boolean addSpecialTokens) {
        return texts.stream().map(t -> encode(t, addSpecialTokens)).toList();
    }

    /** Text of {@code ids}, special tokens skipped. */
    String decode(int[] ids);

    /** The vocabulary entry of one id, as stored (for example {@code Ġ Paris} byte-level forms). */
    String token(int id);

    /** Number of ids. */
    int vocabSize();

    /** The id the model pads with. */
    int padId();

    /** End of sequence, where the model has one. */
    OptionalInt eosId();
}
