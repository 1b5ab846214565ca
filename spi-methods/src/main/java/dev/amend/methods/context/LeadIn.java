package dev.amend.methods.context;

import dev.amend.api.model.Tokenizer;

/**
 * Puts a lead-in (an edit stated in context, demonstrations) before an input row as EasyEdit does: one string, the
 * lead-in's text followed by the row's text, tokenized whole (with the special tokens the tokenizer adds to every
 * input, a LLaMA {@code <s>} once at the start). The row's text is its ids decoded (special tokens skipped), as
 * EasyEdit's SERAC decodes its inputs ({@code replacement_tok.batch_decode(..., skip_special_tokens=True)} in
 * {@code trainer/algs/SERAC.py}); EasyEdit's IKE builds the same string from text
 * ({@code ''.join(icl_examples) + f'{x} {target}'} in {@code evaluate/evaluate.py:icl_lm_eval}).
 *
 * <p>Tokenized whole, a byte-level BPE row keeps the leading-space token of its first word ({@code "Prompt: Paris"}
 * gives {@code Ġ Paris} where the row alone gives {@code Paris}), so the row's part of the result may differ from the
 * row's own ids at its start; its end is the same, and callers read a row's outputs at the end of the result.
 * Shared by the methods that read an edit in context (IKE, SERAC's counterfactual model).
 */
public final class LeadIn {

    private final Tokenizer tokenizer;

    private LeadIn(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** For rows encoded by {@code tokenizer}. */
    public static LeadIn of(Tokenizer tokenizer) {
        return new LeadIn(tokenizer);
    }

    /** The ids of {@code lead} followed by {@code row}'s text, tokenized as one string. */
    public int[] join(String lead, int[] row) {
        return tokenizer.encode(lead + tokenizer.decode(row), true);
    }
}
