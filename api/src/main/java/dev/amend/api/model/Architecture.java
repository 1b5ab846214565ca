package dev.amend.api.model;

/** The overall shape of a model. */
public enum Architecture {
    /** GPT-2, GPT-J, GPT-NeoX, LLaMA and relatives: one causal stack. */
    DECODER_ONLY,
    /** T5: a bidirectional encoder and a causal decoder with cross-attention. */
    ENCODER_DECODER
}
