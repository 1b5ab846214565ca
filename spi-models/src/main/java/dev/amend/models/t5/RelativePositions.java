package dev.amend.models.t5;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * T5's relative position buckets: exact for small distances, logarithmic up to {@code max_distance}; bidirectional
 * (separate buckets for keys after the query) in the encoder, causal in the decoder. The logarithm is taken in float32
 * and truncated, exactly as HuggingFace does, because a float64 computation can pick another bucket at boundaries.
 */
final class RelativePositions {

    private RelativePositions() {}

    static int bucket(int relative, boolean bidirectional, int buckets, int maxDistance) {
        int result = 0;
        int n = buckets;
        int distance;
        if (bidirectional) {
            n /= 2;
            result += relative > 0 ? n : 0;
            distance = Math.abs(relative);
        } else {
            distance = -Math.min(relative, 0);
        }
        int maxExact = n / 2;
        if (distance < maxExact) {
            return result + distance;
        }
        float ratio = (float) distance / maxExact;
        float scaled = (float) Math.log(ratio) / (float) Math.log((double) maxDistance / maxExact) * (n - maxExact);
        return result + Math.min(maxExact + (int) scaled, n - 1);
    }

    /** The position bias {@code [1, heads, queries, keys]} from the block's table ({@code [buckets, heads]}). */
    static NDArray bias(NDManager m, NDArray table, int queries, int keys, boolean bidirectional, int maxDistance) {
        int buckets = (int) table.getShape().get(0);
        long[] index = new long[queries * keys];
        for (int q = 0; q < queries; q++) {
            for (int k = 0; k < keys; k++) {
                index[q * keys + k] = bucket(k - q, bidirectional, buckets, maxDistance);
            }
        }
        NDArray values = table.get(m, new NDIndex("{}", m.create(index, new Shape(queries, keys))));
        return values.transpose(2, 0, 1).expandDims(0);
    }
}
