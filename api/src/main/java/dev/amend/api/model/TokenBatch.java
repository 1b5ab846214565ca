package dev.amend.api.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Unpadded token sequences for one forward pass; the model pads them on its own side with its own pad id.
 * Decoder-only models read {@link #sequences()}; encoder-decoder models read them as encoder input and
 * {@link #decoderSequences()} as decoder input.
 */
public final class TokenBatch {

    private final List<int[]> sequences;
    private final List<int[]> decoderSequences;

    private TokenBatch(List<int[]> sequences, List<int[]> decoderSequences) {
        this.sequences = copy(sequences, "sequences");
        this.decoderSequences = decoderSequences.isEmpty() ? List.of() : copy(decoderSequences, "decoder sequences");
        if (!this.decoderSequences.isEmpty() && this.decoderSequences.size() != this.sequences.size()) {
            throw new IllegalArgumentException("encoder and decoder batches differ in size: "
                    + sequences.size() + " vs " + decoderSequences.size());
        }
    }

    /**
     * {@return a decoder-only batch}
     *
     * @param sequences token ids of each row, without padding
     */
    public static TokenBatch of(List<int[]> sequences) {
        return new TokenBatch(sequences, List.of());
    }

    /**
     * {@return a decoder-only batch}
     *
     * @param sequences token ids of each row, without padding
     */
    public static TokenBatch of(int[]... sequences) {
        return of(List.of(sequences));
    }

    /**
     * {@return an encoder-decoder batch: row i of each list belongs together}
     *
     * @param encoder token ids of each encoder row
     * @param decoder token ids of each decoder row
     */
    public static TokenBatch encoderDecoder(List<int[]> encoder, List<int[]> decoder) {
        if (decoder.isEmpty()) {
            throw new IllegalArgumentException("an encoder-decoder batch needs decoder sequences");
        }
        return new TokenBatch(encoder, decoder);
    }

    /** {@return the rows' token ids (the encoder's, for encoder-decoder batches)} */
    public List<int[]> sequences() {
        return sequences;
    }

    /** {@return empty for decoder-only batches} */
    public List<int[]> decoderSequences() {
        return decoderSequences;
    }

    /** {@return the number of rows} */
    public int size() {
        return sequences.size();
    }

    /**
     * {@return the layout of {@code rows} padded on {@code side}}
     *
     * @param rows token ids of each row, without padding
     * @param side which side the padding goes to
     */
    public static BatchLayout layout(List<int[]> rows, PaddingSide side) {
        return new BatchLayout(rows.stream().mapToInt(r -> r.length).toArray(), side);
    }

    /**
     * {@return {@code [rows, paddedLength]} int64 ids of {@code rows} padded as {@code layout} says with {@code padId}}
     *
     * @param manager where the returned arrays live (the caller closes it)
     * @param rows token ids of each row, without padding
     * @param layout the batch's padding layout
     * @param padId the id padding positions get
     */
    public static NDArray paddedIds(NDManager manager, List<int[]> rows, BatchLayout layout, int padId) {
        int t = layout.paddedLength();
        long[] ids = new long[rows.size() * t];
        java.util.Arrays.fill(ids, padId);
        for (int r = 0; r < rows.size(); r++) {
            int[] row = rows.get(r);
            for (int i = 0; i < row.length; i++) {
                ids[r * t + layout.offset(r) + i] = row[i];
            }
        }
        return manager.create(ids, new Shape(rows.size(), t));
    }

    private static List<int[]> copy(List<int[]> rows, String what) {
        if (rows == null || rows.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one row of " + what);
        }
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i) == null || rows.get(i).length == 0) {
                throw new IllegalArgumentException("row " + i + " of " + what + " is empty");
            }
        }
        return rows.stream().map(int[]::clone).toList();
    }
}
