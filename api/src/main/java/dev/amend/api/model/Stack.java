package dev.amend.api.model;

/** Which stack of blocks a site is in. Decoder-only models have only {@link #DECODER}. */
public enum Stack {
    ENCODER,
    DECODER
}
