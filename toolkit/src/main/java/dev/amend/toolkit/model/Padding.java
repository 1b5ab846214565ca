package dev.amend.toolkit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.amend.api.model.BatchLayout;
import java.util.Arrays;
import java.util.List;

/** The arrays of a padded batch that adapters and hooks build from its {@link BatchLayout}. */
public final class Padding {

    private Padding() {}

    /**
     * {@return {@code [rows, paddedLength]} int64 ids of {@code rows} padded as {@code layout} says with {@code padId}}
     *
     * @param manager where the returned array lives (the caller closes it)
     * @param rows token ids of each row, without padding
     * @param layout the batch's padding layout
     * @param padId the id padding positions get
     */
    public static NDArray ids(NDManager manager, List<int[]> rows, BatchLayout layout, int padId) {
        int t = layout.paddedLength();
        long[] ids = new long[rows.size() * t];
        Arrays.fill(ids, padId);
        for (int r = 0; r < rows.size(); r++) {
            int[] row = rows.get(r);
            int offset = layout.offset(r);
            for (int i = 0; i < row.length; i++) {
                ids[r * t + offset + i] = row[i];
            }
        }
        return manager.create(ids, new Shape(rows.size(), t));
    }

    /**
     * {@return {@code [rows, paddedLength]} int32 mask: 1 at real tokens, 0 at padding}
     *
     * @param manager where the returned array lives (the caller closes it)
     * @param layout the batch's padding layout
     */
    public static NDArray mask(NDManager manager, BatchLayout layout) {
        int t = layout.paddedLength();
        int[] m = new int[layout.rows() * t];
        for (int r = 0; r < layout.rows(); r++) {
            int from = r * t + layout.offset(r);
            Arrays.fill(m, from, from + layout.length(r), 1);
        }
        return manager.create(m, new Shape(layout.rows(), t));
    }

    /**
     * {@return {@code [rows, paddedLength]} int64 position ids: 0, 1, ..} over each row's real tokens, 0 at padding.
     *
     * @param manager where the returned array lives (the caller closes it)
     * @param layout the batch's padding layout
     */
    public static NDArray positions(NDManager manager, BatchLayout layout) {
        int t = layout.paddedLength();
        long[] p = new long[layout.rows() * t];
        for (int r = 0; r < layout.rows(); r++) {
            int offset = layout.offset(r);
            for (int i = 0; i < layout.length(r); i++) {
                p[r * t + offset + i] = i;
            }
        }
        return manager.create(p, new Shape(layout.rows(), t));
    }
}
