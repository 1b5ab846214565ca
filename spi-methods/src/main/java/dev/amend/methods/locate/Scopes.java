package dev.amend.methods.locate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.function.Supplier;

/** Computations whose temporaries are freed at once, whichever managers their inputs live in. */
public final class Scopes {

    private Scopes() {}

    /** Runs {@code computation} in an {@link NDScope}, keeps only its result and attaches it to {@code manager}. */
    public static NDArray keep(NDManager manager, Supplier<NDArray> computation) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray result = computation.get();
            NDScope.unregister(result);
            result.attach(manager);
            return result;
        }
    }
}
