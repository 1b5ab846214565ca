package dev.amend.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embeddings on the first {@code dim} features of each head, in HuggingFace's two layouts. Angles are
 * computed in float32 exactly as HuggingFace does ({@code inv_freq = 1 / base^(2i/dim)}, {@code angle = position ·
 * inv_freq}), so that long positions round the same way.
 */
public final class Rotary {

    /** How the rotated pairs are laid out. */
    public enum Style {
        /** LLaMA's and GPT-NeoX's rotate_half: feature i pairs with i + dim/2. */
        HALF,
        /** GPT-J's rotate_every_two: feature 2i pairs with 2i + 1. */
        INTERLEAVED
    }

    private final int dim;
    private final float[] inverseFrequencies;
    private final Style style;

    /**
     * @param dim                rotated features per head (even)
     * @param inverseFrequencies {@code dim / 2} frequencies, for example from {@link #inverseFrequencies(int, double)}
     */
    public Rotary(int dim, float[] inverseFrequencies, Style style) {
        if (dim % 2 != 0 || inverseFrequencies.length != dim / 2) {
            throw new IllegalArgumentException("rotary dim " + dim + " needs dim/2 frequencies, got "
                    + inverseFrequencies.length);
        }
        this.dim = dim;
        this.inverseFrequencies = inverseFrequencies.clone();
        this.style = style;
    }

    /** {@code 1 / base^(2i/dim)} in float32, as HuggingFace computes it. */
    public static float[] inverseFrequencies(int dim, double base) {
        float[] f = new float[dim / 2];
        for (int i = 0; i < f.length; i++) {
            float exponent = (float) (2 * i) / dim;
            f[i] = 1f / (float) Math.pow(base, exponent);
        }
        return f;
    }

    /** cos and sin tables {@code [rows, 1, T, dim]} for position ids {@code positions[row][t]}. */
    public NDList tables(NDManager m, long[][] positions) {
        int rows = positions.length;
        int t = positions[0].length;
        float[] cos = new float[rows * t * dim];
        float[] sin = new float[rows * t * dim];
        int half = dim / 2;
        for (int r = 0; r < rows; r++) {
            for (int p = 0; p < t; p++) {
                int base = (r * t + p) * dim;
                for (int i = 0; i < half; i++) {
                    float angle = (float) positions[r][p] * inverseFrequencies[i];
                    float c = (float) Math.cos(angle);
                    float s = (float) Math.sin(angle);
                    int a = style == Style.HALF ? i : 2 * i;
                    int b = style == Style.HALF ? i + half : 2 * i + 1;
                    cos[base + a] = c;
                    cos[base + b] = c;
                    sin[base + a] = s;
                    sin[base + b] = s;
                }
            }
        }
        Shape shape = new Shape(rows, 1, t, dim);
        return new NDList(m.create(cos, shape), m.create(sin, shape));
    }

    /** Rotates the first {@code dim} features of {@code x} ({@code [rows, heads, T, headDim]}). */
    public NDArray apply(NDArray x, NDList tables) {
        long headDim = x.getShape().tail();
        NDArray rotated = dim == headDim ? x : x.get(new NDIndex("..., :{}", dim));
        NDArray turned = style == Style.HALF ? rotateHalf(rotated) : rotateEveryTwo(rotated);
        NDArray result = rotated.mul(tables.get(0)).add(turned.mul(tables.get(1)));
        return dim == headDim ? result : result.concat(x.get(new NDIndex("..., {}:", dim)), -1);
    }

    private NDArray rotateHalf(NDArray x) {
        int half = dim / 2;
        return x.get(new NDIndex("..., {}:", half)).neg().concat(x.get(new NDIndex("..., :{}", half)), -1);
    }

    private NDArray rotateEveryTwo(NDArray x) {
        Shape s = x.getShape();
        NDArray pairs = x.reshape(s.get(0), s.get(1), s.get(2), dim / 2, 2);
        NDArray even = pairs.get(new NDIndex("..., 0"));
        NDArray odd = pairs.get(new NDIndex("..., 1"));
        return odd.neg().stack(even, -1).reshape(s);
    }
}
