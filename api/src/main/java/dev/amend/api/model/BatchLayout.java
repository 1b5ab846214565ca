package dev.amend.api.model;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Where each row's real tokens sit in a padded batch: hooks use it to find token positions, adapters to build
 * attention masks and position ids.
 *
 * @param lengths each row's length before padding
 * @param side which side the padding goes to
 */
public record BatchLayout(int[] lengths, PaddingSide side) {

    /**
     * Checks that there is at least one row and no row is empty; copies the lengths.
     *
     * @param lengths each row's length before padding
     * @param side which side the padding goes to
     */
    public BatchLayout {
        Objects.requireNonNull(side, "side");
        if (lengths.length == 0) {
            throw new IllegalArgumentException("a batch needs at least one row");
        }
        lengths = lengths.clone();
        for (int i = 0; i < lengths.length; i++) {
            if (lengths[i] <= 0) {
                throw new IllegalArgumentException("row " + i + " is empty: every row needs at least one token");
            }
        }
    }

    /**
     * {@return the layout of {@code rows} padded on {@code side}}
     *
     * @param rows token ids of each row, without padding
     * @param side which side the padding goes to
     */
    public static BatchLayout of(List<int[]> rows, PaddingSide side) {
        return new BatchLayout(rows.stream().mapToInt(r -> r.length).toArray(), side);
    }

    /** {@return each row's length before padding (a copy)} */
    @Override
    public int[] lengths() {
        return lengths.clone();
    }

    /** {@return number of rows} */
    public int rows() {
        return lengths.length;
    }

    /** {@return length of the longest row: the time dimension of every activation} */
    public int paddedLength() {
        return Arrays.stream(lengths).max().orElseThrow();
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
        return side == PaddingSide.LEFT ? paddedLength() - lengths[row] : 0;
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

    /** Rows' lengths and side decide equality (the lengths by value). */
    @Override
    public boolean equals(Object o) {
        return o instanceof BatchLayout other && side == other.side && Arrays.equals(lengths, other.lengths);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(lengths) + side.hashCode();
    }

    @Override
    public String toString() {
        return "BatchLayout" + Arrays.toString(lengths) + " padded " + side;
    }
}
