package dev.amend.api.model;

/**
 * The canonical weight matrices a method may read or edit. Every matrix is seen as {@code out × in}, so that
 * {@code y = W·x}, whatever its storage (GPT-2's Conv1D stores {@code in × out}).
 */
public enum WeightKind {
    /** Token embedding as a map from one-hot tokens to the hidden state: {@code hidden × vocab}. */
    EMBED(false),
    /** Output head: {@code vocab × hidden}. */
    LM_HEAD(false),
    /** The attention's query projection. */
    ATTN_Q(true),
    /** The attention's key projection. */
    ATTN_K(true),
    /** The attention's value projection. */
    ATTN_V(true),
    /** Attention output projection: {@code hidden × (heads·headDim)}. */
    ATTN_O(true),
    /** First MLP projection (up projection): {@code mlp × hidden}. */
    MLP_IN_PROJ(true),
    /** Gate projection of a gated MLP (LLaMA's {@code gate_proj}, T5 v1.1's {@code wi_0}): {@code mlp × hidden}. */
    MLP_GATE_PROJ(true),
    /** MLP output projection (down projection), the matrix ROME and MEMIT edit: {@code hidden × mlp}. */
    MLP_OUT_PROJ(true);

    private final boolean perLayer;

    WeightKind(boolean perLayer) {
        this.perLayer = perLayer;
    }

    /** {@return whether each block has its own matrix of this kind (false for the embedding and the head)} */
    public boolean perLayer() {
        return perLayer;
    }
}
