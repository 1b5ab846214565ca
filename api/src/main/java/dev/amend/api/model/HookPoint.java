package dev.amend.api.model;

/**
 * The canonical points inside one block where a hook may read or replace the activation. Every activation is
 * shaped {@code [batch, paddedLength, width]}. Within a block, hooks run in the order of this enum's constants.
 */
public enum HookPoint {
    /** The residual stream entering the block. Width: hidden size. */
    RESID_PRE,
    /** The self-attention output (after its output projection), before it joins the residual. Width: hidden. */
    ATTN_OUT,
    /** The cross-attention output of an encoder-decoder's decoder block, before it joins the residual. */
    CROSS_ATTN_OUT,
    /** The MLP input: the normalised residual that the MLP reads. Width: hidden size. */
    MLP_IN,
    /**
     * The pre-activation: the output of the MLP's first projection, before the non-linearity (GPT-2's {@code c_fc},
     * GPT-J's {@code fc_in}, NeoX's {@code dense_h_to_4h}, T5's {@code wi}; in a gated MLP the gate projection's
     * output, LLaMA's {@code gate_proj}, T5 v1.1's {@code wi_0}). The module EasyEdit's knowledge_neurons patches.
     * Width: MLP size.
     */
    MLP_PRE,
    /**
     * The key: the input of the MLP's output projection (after the non-linearity, and after gating where the MLP
     * is gated). Width: MLP size. {@code MLP_OUT = MLP_KEY · Wᵀ (+ bias)} for the {@code MLP_OUT_PROJ} weight W.
     */
    MLP_KEY,
    /** The MLP output (after its output projection, bias included), before it joins the residual. Width: hidden. */
    MLP_OUT,
    /** The residual stream leaving the block. Width: hidden size. */
    RESID_POST
}
