package dev.amend.methods.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.amend.api.model.WeightSite;
import dev.amend.api.model.Weights;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adapters trained through the model's own weights, for modules whose input and output are not hook points
 * (attention projections, MLP up projections): before each forward pass the adapters' current change is added to the
 * live weights, which record a gradient; after the backward pass that gradient, read back through {@link Weights} in
 * the canonical {@code out × in} orientation, gives each adapter's gradient by the chain rule
 * ({@link Adapter#chainRule}). Without dropout this is the same function and gradient as peft's side branch
 * {@code x Aᵀ Bᵀ}; with dropout it is its expectation. Weights held in half precision round {@code W + Δ} to it,
 * where peft keeps the branch apart: load in float32 (as EasyEdit does unless {@code fp16}) to train as it does.
 * Holds a copy of every weight it trains through. {@link #close} puts the weights back bit for bit.
 */
final class LiveWeights implements AutoCloseable {

    private final Weights weights;
    private final List<Adapter> adapters;
    private final Map<String, NDArray> live = new LinkedHashMap<>();
    private final Map<String, NDArray> saved = new LinkedHashMap<>();

    /**
     * @param state receives the copies of the original weights
     */
    LiveWeights(NDManager state, Weights weights, List<Adapter> adapters) {
        this.weights = weights;
        this.adapters = adapters;
        Map<String, NDArray> parameters = weights.trainableParameters();
        for (Adapter adapter : adapters) {
            for (WeightSite site : adapter.module().sites()) {
                String name = weights.parameterOf(site);
                if (!live.containsKey(name)) {
                    NDArray parameter = parameters.get(name);
                    NDArray copy = parameter.duplicate();
                    copy.attach(state);
                    live.put(name, parameter);
                    saved.put(name, copy);
                    parameter.setRequiresGradient(true);
                }
            }
        }
    }

    /** Puts the original weights back, then adds every adapter's current change. */
    void install(NDManager scope) {
        restore();
        for (Adapter adapter : adapters) {
            List<NDArray> deltas = adapter.siteDeltas(scope);
            for (int i = 0; i < deltas.size(); i++) {
                weights.add(adapter.module().sites().get(i), deltas.get(i));
            }
        }
    }

    /**
     * {@return each adapter's loss gradient with respect to its module's map ({@code out × in}, its sites' rows
     * stacked), from the gradients the last backward pass left on the weights} The weights' gradients are zeroed and
     * the original weights put back. {@link Weights} keeps its orientation map to itself, so each gradient is written
     * into its (saved) weight and read back through {@link Weights#get}.
     */
    Map<Adapter, NDArray> gradients(NDManager scope) {
        for (NDArray parameter : live.values()) {
            try (NDArray gradient = parameter.getGradient()) {
                parameter.set(new NDIndex(":"), gradient);
                gradient.subi(gradient);   // PyTorch accumulates gradients: the next pass starts from zero
            }
        }
        Map<Adapter, NDArray> gradients = new IdentityHashMap<>();
        for (Adapter adapter : adapters) {
            List<NDArray> rows = new ArrayList<>();
            for (WeightSite site : adapter.module().sites()) {
                rows.add(weights.get(site, scope));
            }
            NDArray g = rows.size() == 1 ? rows.get(0) : NDArrays.concat(new NDList(rows), 0);
            g.attach(scope);
            gradients.put(adapter, g);
        }
        restore();
        return gradients;
    }

    private void restore() {
        live.forEach((name, parameter) -> parameter.set(new NDIndex(":"), saved.get(name)));
    }

    /** Puts the original weights back and stops their gradients. */
    @Override
    public void close() {
        restore();
        live.values().forEach(p -> p.setRequiresGradient(false));
    }
}
