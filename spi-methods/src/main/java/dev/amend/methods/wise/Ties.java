package dev.amend.methods.wise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * TIES merging (Yadav et al., 2023) of changes to one matrix, as WISE merges its shards: each change keeps its
 * {@code density} share of largest-magnitude entries, is weighted, and the entries that agree with the sign of the
 * weighted sum are averaged (by the weights of those that kept them).
 */
final class Ties {

    private Ties() {}

    /** The merged change, attached to {@code manager}. */
    static NDArray merge(NDManager manager, List<NDArray> deltas, double density, double weight) {
        try (NDManager scratch = manager.newSubManager()) {
            NDArray sum = null;
            NDArray weightSum = null;
            NDArray[] trimmed = new NDArray[deltas.size()];
            for (int i = 0; i < deltas.size(); i++) {
                NDArray d = deltas.get(i).duplicate();
                d.attach(scratch);
                long keep = (long) (density * d.size());
                NDArray magnitude = d.abs().flatten();
                float threshold = keep <= 0 ? Float.POSITIVE_INFINITY
                        : magnitude.sort().getFloat(d.size() - keep);
                trimmed[i] = d.mul(asFloat(d.abs().gte(threshold))).mul((float) weight);
                sum = sum == null ? trimmed[i] : sum.add(trimmed[i]);
            }
            NDArray positive = sum.gte(0f);
            NDArray merged = null;
            for (NDArray t : trimmed) {
                NDArray agrees = t.gt(0f).logicalAnd(positive).logicalOr(t.lt(0f).logicalAnd(positive.logicalNot()));
                NDArray kept = t.mul(asFloat(agrees));
                NDArray w = asFloat(agrees).mul((float) weight);
                merged = merged == null ? kept : merged.add(kept);
                weightSum = weightSum == null ? w : weightSum.add(w);
            }
            NDArray divisor = weightSum.add(asFloat(weightSum.eq(0f)));
            NDArray result = merged.div(divisor);
            result.attach(manager);
            return result;
        }
    }

    private static NDArray asFloat(NDArray flags) {
        return flags.toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
    }
}
