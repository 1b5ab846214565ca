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
     * The key: the input of the MLP's output projection (after the non-linearity, and after gating where the MLP
     * is gated). Width: MLP size. {@code MLP_OUT = MLP_KEY · Wᵀ (+ bias)} for the {@code MLP_OUT_PROJ} weight W.
     */
    MLP_KEY,
    /** The MLP output (after its output projection, bias included), before it joins the residual. Width: hidden. */
    MLP_OUT,
    /** The residual stream leaving the block. Width: hidden size. */
    RESID_POST
}
