package dev.amend.api.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where each row's real tokens sit in a padded batch: hooks use it to find token positions, adapters to build
 * attention masks and position ids.
 */
public final class BatchLayout {

    private final int[] lengths;
    private final int paddedLength;
    private final PaddingSide side;

    /**
     * A layout for rows of the given lengths padded on {@code side} to the longest.
     *
     * @param lengths each row's length before padding
     * @param side which side the padding goes to
     */
    public BatchLayout(int[] lengths, PaddingSide side) {
        Objects.requireNonNull(side, "side");
        if (lengths.length == 0) {
            throw new IllegalArgumentException("a batch needs at least one row");
        }
        this.lengths = lengths.clone();
        this.side = side;
        this.paddedLength = Arrays.stream(lengths).max().orElseThrow();
        for (int i = 0; i < lengths.length; i++) {
            if (lengths[i] <= 0) {
                throw new IllegalArgumentException("row " + i + " is empty: every row needs at least one token");
            }
        }
    }

    /** {@return number of rows} */
    public int rows() {
        return lengths.length;
    }

    /** {@return length of the longest row: the time dimension of every activation} */
    public int paddedLength() {
        return paddedLength;
    }

    /** {@return which side the rows are padded on} */
    public PaddingSide side() {
        return side;
    }

    /**
     * {@return number of real tokens in {@code row}}
     *
     * @param row the row's index in the batch
     */
    public int length(int row) {
        return lengths[row];
    }

    /**
     * {@return index along the time dimension of {@code row}'s first real token}
     *
     * @param row the row's index in the batch
     */
    public int offset(int row) {
        return side == PaddingSide.LEFT ? paddedLength - lengths[row] : 0;
    }

    /**
     * {@return index along the time dimension of {@code row}'s token number {@code token} (0-based, negative from the
     * end)}
     *
     * @param row the row's index in the batch
     * @param token the token's index within the row, from 0
     */
    public int index(int row, int token) {
        int t = token < 0 ? lengths[row] + token : token;
        if (t < 0 || t >= lengths[row]) {
            throw new IndexOutOfBoundsException("token " + token + " of row " + row + " (length " + lengths[row] + ")");
        }
        return offset(row) + t;
    }

    /**
     * {@return {@code [rows, paddedLength]} int32 mask: 1 at real tokens, 0 at padding}
     *
     * @param manager where the returned arrays live (the caller closes it)
     */
    public NDArray mask(NDManager manager) {
        int[] m = new int[rows() * paddedLength];
        for (int r = 0; r < rows(); r++) {
            Arrays.fill(m, r * paddedLength + offset(r), r * paddedLength + offset(r) + lengths[r], 1);
        }
        return manager.create(m, new ai.djl.ndarray.types.Shape(rows(), paddedLength));
    }

    /**
     * {@return {@code [rows, paddedLength]} int64 position ids: 0, 1, ..} over each row's real tokens, 0 at padding.
     *
     * @param manager where the returned arrays live (the caller closes it)
     */
    public NDArray positions(NDManager manager) {
        long[] p = new long[rows() * paddedLength];
        for (int r = 0; r < rows(); r++) {
            for (int t = 0; t < lengths[r]; t++) {
                p[r * paddedLength + offset(r) + t] = t;
            }
        }
        return manager.create(p, new ai.djl.ndarray.types.Shape(rows(), paddedLength));
    }
}
