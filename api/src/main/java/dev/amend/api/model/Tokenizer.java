package dev.amend.api.model;

import java.util.OptionalInt;

/** Text to token ids and back, as the model was trained. */
public interface Tokenizer {

    /**
     * {@return token ids of {@code text}}
     *
     * @param addSpecialTokens whether to add what the model expects around an input (LLaMA's BOS, T5's EOS)
     * @param text the text
     */
    int[] encode(String text, boolean addSpecialTokens);

    /**
     * {@return token ids of {@code text} without special tokens}
     *
     * @param text the text
     */
    default int[] encode(String text) {
        return encode(text, false);
    }

    /**
     * {@return {@link #encode(String, boolean)} for several texts (tokenizers may do it in one call, in parallel)}
     *
     * @param texts the texts
     * @param addSpecialTokens whether to add the tokenizer's special tokens (a BOS, say)
     */
    java.util.List<int[]> encodeAll(java.util.List<String> texts, boolean addSpecialTokens);

    /**
     * {@return text of {@code ids}, special tokens skipped}
     *
     * @param ids token ids
     */
    String decode(int[] ids);

    /**
     * {@return the vocabulary entry of one id, as stored (for example {@code Ġ Paris} byte-level forms)}
     *
     * @param id a token id
     */
    String token(int id);

    /** {@return number of ids} */
    int vocabSize();

    /** {@return the id the model pads with} */
    int padId();

    /** {@return end of sequence, where the model has one} */
    OptionalInt eosId();
}
