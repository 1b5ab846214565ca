package dev.amend.api.edit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.amend.api.model.WeightSite;
import java.util.Objects;

/** A change to one weight matrix, in canonical {@code out × in} orientation. */
public sealed interface WeightDelta permits WeightDelta.Dense, WeightDelta.LowRank {

    /** {@return the weight this delta changes} */
    WeightSite site();

    /** {@return {@code [out, in]}} */
    Shape shape();

    /**
     * {@return the full {@code out × in} delta, attached to {@code manager}} Computed the same way each time.
     *
     * @param manager where the matrix lives (the caller closes it)
     */
    NDArray materialize(NDManager manager);

    /**
     * A full matrix.
     *
     * @param site  the weight changed
     * @param delta the change, {@code out × in}
     */
    record Dense(WeightSite site, NDArray delta) implements WeightDelta {
        /**
         * Checks that the change is a matrix.
         *
         * @param site  the weight changed
         * @param delta the change, {@code out × in}
         */
        public Dense {
            Objects.requireNonNull(site, "site");
            if (delta.getShape().dimension() != 2) {
                throw new IllegalArgumentException("a dense delta is a matrix, got " + delta.getShape());
            }
        }

        @Override
        public Shape shape() {
            return delta.getShape();
        }

        @Override
        public NDArray materialize(NDManager manager) {
            NDArray copy = delta.duplicate();
            copy.attach(manager);
            return copy;
        }
    }

    /**
     * {@code Δ = u · vᵀ} with {@code u: out × r} and {@code v: in × r} (ROME is rank one).
     *
     * @param site the weight changed
     * @param u    the left factor, {@code out × r}
     * @param v    the right factor, {@code in × r}
     */
    record LowRank(WeightSite site, NDArray u, NDArray v) implements WeightDelta {
        /**
         * Checks that both factors are matrices of the same rank.
         *
         * @param site the weight changed
         * @param u    the left factor, {@code out × r}
         * @param v    the right factor, {@code in × r}
         */
        public LowRank {
            Objects.requireNonNull(site, "site");
            if (u.getShape().dimension() != 2 || v.getShape().dimension() != 2
                    || u.getShape().get(1) != v.getShape().get(1)) {
                throw new IllegalArgumentException("a low-rank delta needs u: out × r and v: in × r, got u "
                        + u.getShape() + " and v " + v.getShape());
            }
        }

        /** {@return the rank r of {@code u · vᵀ}} */
        public long rank() {
            return u.getShape().get(1);
        }

        @Override
        public Shape shape() {
            return new Shape(u.getShape().get(0), v.getShape().get(0));
        }

        @Override
        public NDArray materialize(NDManager manager) {
            NDArray vt = v.transpose();
            NDArray product = u.matMul(vt);
            vt.close();
            product.attach(manager);
            return product;
        }
    }
}
