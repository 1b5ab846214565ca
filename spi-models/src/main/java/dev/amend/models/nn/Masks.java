package dev.amend.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Additive attention masks {@code [rows, 1, queries, keys]}: 0 where a query may attend, a large negative number
 * elsewhere (exp of it underflows to exactly 0, as with HuggingFace's dtype minimum).
 */
public final class Masks {

    private static final float BLOCKED = -1e9f;

    private Masks() {}

    /**
     * @param firstKey per row, the first key that is a real token (keys before it are padding)
     * @param endKey   per row, one past the last real key
     * @param queries  number of queries; query i sits at key position {@code keys - queries + i} (so a one-query
     *                 decoding step sees every earlier key)
     * @param keys     number of keys
     * @param causal   whether a query sees only keys at or before its position
     * @param window   sliding window: a query sees only the last {@code window} positions (0 for none)
     */
    public static NDArray additive(NDManager m, int[] firstKey, int[] endKey, int queries, int keys, boolean causal,
                                   int window) {
        int rows = firstKey.length;
        float[] mask = new float[rows * queries * keys];
        Arrays.fill(mask, BLOCKED);
        for (int r = 0; r < rows; r++) {
            for (int q = 0; q < queries; q++) {
                int position = keys - queries + q;
                int from = firstKey[r];
                int to = causal ? Math.min(endKey[r], position + 1) : endKey[r];
                if (window > 0) {
                    from = Math.max(from, position - window + 1);
                }
                for (int k = from; k < to; k++) {
                    mask[(r * queries + q) * keys + k] = 0f;
                }
            }
        }
        return m.create(mask, new Shape(rows, 1, queries, keys));
    }
}
