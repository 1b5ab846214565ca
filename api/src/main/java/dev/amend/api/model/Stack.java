package dev.amend.api.model;

/** Which stack of blocks a site is in. Decoder-only models have only {@link #DECODER}. */
public enum Stack {
    /** The encoder of an encoder-decoder model. */
    ENCODER,
    /** The decoder: every layer of a decoder-only model, and the decoder of an encoder-decoder one. */
    DECODER
}
