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

    /** ROME's key direction {@code ℓ = C⁻¹k / ‖C⁻¹k‖} (or {@code k / ‖k‖} without statistics). */
    public static NDArray romeLeft(NDManager manager, NDArray key, NDArray secondMoment) {
        return Scopes.keep(manager, () -> {
            NDArray k = f64(key);
            NDArray direction = secondMoment == null ? k : f64(secondMoment).inverse().matMul(k.expandDims(1)).squeeze(1);
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
        return Scopes.keep(manager, () -> f64(residuals).matMul(keyDirections64(keys, secondMoment, lambda).transpose())
                .toType(DataType.FLOAT32, true));
    }

    /**
     * The columns {@code (λC + K Kᵀ)⁻¹ K} ({@code in × n}), so that {@code ΔW = R · thatᵀ}. Through-update
     * optimisation writes request i's residual along its column.
     */
    public static NDArray memitKeyDirections(NDManager manager, NDArray keys, NDArray secondMoment, double lambda) {
        return Scopes.keep(manager, () -> keyDirections64(keys, secondMoment, lambda).toType(DataType.FLOAT32, true));
    }

    private static NDArray keyDirections64(NDArray keys, NDArray secondMoment, double lambda) {
        NDArray k = f64(keys);
        NDArray system = f64(secondMoment).mul(lambda).add(k.matMul(k.transpose()));
        return system.inverse().matMul(k);
    }

    /** A float64 copy (a new array even when the input is float64 already). */
    static NDArray f64(NDArray array) {
        return array.getDataType() == DataType.FLOAT64 ? array.duplicate() : array.toType(DataType.FLOAT64, true);
    }
}
