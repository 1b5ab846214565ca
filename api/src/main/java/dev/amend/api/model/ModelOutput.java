package dev.amend.api.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * The result of a forward pass: next-token logits at every position (for encoder-decoder models, the decoder's).
 *
 * @param logits {@code [rows, paddedLength, vocab]}, float32
 * @param layout where each row's tokens are along the time dimension
 */
public record ModelOutput(NDArray logits, BatchLayout layout) {

    /**
     * {@return {@code [length(row), vocab]}: the logits of {@code row}'s real tokens, padding removed}
     *
     * @param row the row's index in the batch
     */
    public NDArray logits(int row) {
        int from = layout.offset(row);
        return logits.get(new NDIndex("{}, {}:{}, :", row, from, from + layout.length(row)));
    }
}
