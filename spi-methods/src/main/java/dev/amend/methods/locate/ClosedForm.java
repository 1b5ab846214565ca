package dev.amend.methods.locate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * The closed-form solves of locate-then-edit methods, in float64 on the model's device (PyTorch's LAPACK inverse,
 * multithreaded; never a Java loop). Results are float32, attached to the caller's manager.
 */
public final class ClosedForm {

    private ClosedForm() {}

    /**
     * ROME's key direction {@code ℓ = C⁻¹k / ‖C⁻¹k‖} (or {@code k / ‖k‖} without statistics).
     *
     * @param inverseSecondMoment {@code C⁻¹} (see {@link SecondMoments#inverse}), or null
     */
    public static NDArray romeLeft(NDManager manager, NDArray key, NDArray inverseSecondMoment) {
        return Scopes.keep(manager, () -> {
            NDArray k = f64(key);
            NDArray direction = inverseSecondMoment == null ? k
                    : f64(inverseSecondMoment).matMul(k.expandDims(1)).squeeze(1);
            return direction.div(direction.norm()).toType(DataType.FLOAT32, true);
        });
    }

    /**
     * ROME's value vector {@code r = (v* − v) / (kᵀℓ)}, so that {@code ΔW = r ℓᵀ} maps the key {@code k} (whose
     * current output is {@code v}) to {@code v*}.
     */
    public static NDArray romeRight(NDManager manager, NDArray target, NDArray current, NDArray key, NDArray left) {
        return Scopes.keep(manager, () -> f64(target).sub(f64(current)).div(f64(key).dot(f64(left)))
                .toType(DataType.FLOAT32, true));
    }

    /**
     * MEMIT's update of one layer, {@code ΔW = R Kᵀ (λC + K Kᵀ)⁻¹} with keys {@code K: in × n}, residuals
     * {@code R: out × n} and statistics {@code C: in × in}: {@code [out, in]}.
     */
    public static NDArray memitUpdate(NDManager manager, NDArray keys, NDArray residuals, NDArray secondMoment,
                                      double lambda) {
        try (NDManager scratch = manager.newSubManager()) {
            return update(manager, residuals, memitKeyDirections(scratch, keys, secondMoment, lambda));
        }
    }

    /**
     * MEMIT's key directions {@code D = (λC + K Kᵀ)⁻¹ K} ({@code in × n}, float64): the update is {@code R Dᵀ}, and
     * request i's residual is written along column i.
     */
    public static NDArray memitKeyDirections(NDManager manager, NDArray keys, NDArray secondMoment, double lambda) {
        return Scopes.keep(manager, () -> {
            NDArray k = f64(keys);
            NDArray system = f64(secondMoment).mul(lambda).add(k.matMul(k.transpose()));
            return system.inverse().matMul(k);
        });
    }

    /**
     * AlphaEdit's key directions {@code D = (P (K Kᵀ + K₀K₀ᵀ) + α I)⁻¹ P K} ({@code in × n}, float64), with the
     * null-space projector {@code P} and {@code K₀K₀ᵀ} the keys of earlier edits: the update {@code R Dᵀ} leaves
     * preserved keys' outputs alone.
     */
    public static NDArray alphaEditKeyDirections(NDManager manager, NDArray keys, NDArray projector,
                                                 NDArray earlierKeys, double alpha) {
        return Scopes.keep(manager, () -> {
            NDArray k = f64(keys);
            NDArray p = f64(projector);
            NDArray gram = k.matMul(k.transpose());
            if (earlierKeys != null) {
                gram = gram.add(f64(earlierKeys));
            }
            NDArray eye = keys.getManager().eye((int) k.getShape().get(0)).toType(DataType.FLOAT64, false);
            NDArray system = p.matMul(gram).add(eye.mul(alpha));
            return system.inverse().matMul(p.matMul(k));
        });
    }

    /** {@code ΔW = R Dᵀ} ({@code [out, in]}, float32) from residuals {@code R: out × n} and directions {@code D: in × n}. */
    public static NDArray update(NDManager manager, NDArray residuals, NDArray directions) {
        return Scopes.keep(manager, () -> f64(residuals).matMul(f64(directions).transpose())
                .toType(DataType.FLOAT32, true));
    }

    /**
     * The orthogonal projector onto the eigenvectors of the symmetric positive semi-definite {@code C} whose
     * eigenvalues are under {@code threshold} (AlphaEdit's null space of the preserved keys), as
     * {@code (I − sign(C − τI)) / 2} with the matrix sign from Newton's scaled iteration {@code X ← (μX + (μX)⁻¹)/2}:
     * only inverses, on the device, in float64.
     */
    public static NDArray nullSpaceProjector(NDManager manager, NDArray secondMoment, double threshold) {
        return Scopes.keep(manager, () -> {
            int n = (int) secondMoment.getShape().get(0);
            NDArray eye = secondMoment.getManager().eye(n).toType(DataType.FLOAT64, false);
            NDArray x = f64(secondMoment).sub(eye.mul(threshold));
            for (int it = 0; it < 100; it++) {
                NDArray inverse = x.inverse();
                double mu = Math.sqrt(inverse.norm().getDouble() / x.norm().getDouble());
                NDArray next = x.mul(mu).add(inverse.div(mu)).div(2);
                double change = next.sub(x).norm().getDouble() / next.norm().getDouble();
                x = next;
                if (change < 1e-13) {
                    break;
                }
            }
            NDArray p = eye.sub(x).div(2);
            return p.add(p.transpose()).div(2);
        });
    }

    /** A float64 copy (a new array even when the input is float64 already). */
    static NDArray f64(NDArray array) {
        return array.getDataType() == DataType.FLOAT64 ? array.duplicate() : array.toType(DataType.FLOAT64, true);
    }
}
