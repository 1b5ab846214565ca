package dev.amend.api.model;

import java.util.List;

/**
 * Unpadded token sequences for one forward pass; the model pads them on its own side with its own pad id.
 * Decoder-only models read {@link #sequences()}; encoder-decoder models read them as encoder input and
 * {@link #decoderSequences()} as decoder input.
 *
 * @param sequences the rows' token ids (the encoder's, for encoder-decoder batches)
 * @param decoderSequences the decoder's rows, row i belonging with {@code sequences} row i; empty for decoder-only
 *                         batches
 */
public record TokenBatch(List<int[]> sequences, List<int[]> decoderSequences) {

    /**
     * Checks that there is at least one row, no row is empty and both lists have as many rows; copies the rows.
     *
     * @param sequences the rows' token ids (the encoder's, for encoder-decoder batches)
     * @param decoderSequences the decoder's rows, or an empty list
     */
    public TokenBatch {
        sequences = copy(sequences, "sequences");
        decoderSequences = decoderSequences.isEmpty() ? List.of() : copy(decoderSequences, "decoder sequences");
        if (!decoderSequences.isEmpty() && decoderSequences.size() != sequences.size()) {
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

    /** {@return the number of rows} */
    public int size() {
        return sequences.size();
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
