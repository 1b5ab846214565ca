package dev.amend.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Scaled dot-product attention over heads, with grouped-query key/value heads. */
public final class Attention {

    private Attention() {}

    /** {@code [rows, T, heads·headDim]} → {@code [rows, heads, T, headDim]}. */
    public static NDArray splitHeads(NDArray x, int heads) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), heads, s.get(2) / heads).transpose(0, 2, 1, 3);
    }

    /** {@code [rows, heads, T, headDim]} → {@code [rows, T, heads·headDim]}. */
    public static NDArray mergeHeads(NDArray x) {
        Shape s = x.getShape();
        return x.transpose(0, 2, 1, 3).reshape(s.get(0), s.get(2), s.get(1) * s.get(3));
    }

    /**
     * @param q     {@code [rows, heads, T, d]}
     * @param k     {@code [rows, kvHeads, S, d]} (kvHeads divides heads; each serves heads/kvHeads query heads)
     * @param v     like k
     * @param mask  additive {@code [rows, 1, T, S]}
     * @param scale multiplies the scores ({@code null}: none, as T5)
     * @param bias  added to the scores ({@code [1 or rows, heads, T, S]}, T5's position bias), or null
     * @return {@code [rows, T, heads·d]}
     */
    public static NDArray attend(NDArray q, NDArray k, NDArray v, NDArray mask, NDArray scale, NDArray bias) {
        long groups = q.getShape().get(1) / k.getShape().get(1);
        if (groups > 1) {
            k = k.repeat(1, groups);
            v = v.repeat(1, groups);
        }
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2));
        if (scale != null) {
            scores = scores.mul(scale);
        }
        if (bias != null) {
            scores = scores.add(bias);
        }
        return mergeHeads(scores.add(mask).softmax(-1).matMul(v));
    }
}
