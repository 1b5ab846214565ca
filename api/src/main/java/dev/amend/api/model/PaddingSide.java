package dev.amend.api.model;

/** Where padding goes when sequences of different lengths share a batch. */
public enum PaddingSide {
    /** Pad before the tokens (decoder-only generation: all rows end at the last position). */
    LEFT,
    /** Pad after the tokens. */
    RIGHT
}
