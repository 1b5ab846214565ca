package dev.amend.models.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.amend.api.model.BatchLayout;
import dev.amend.api.model.HookPoint;
import dev.amend.api.model.HookSite;
import dev.amend.api.model.Hooks;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a block needs during one pass over a batch: the manager receiving every array, the hooks, the layout of the
 * query tokens, their position ids, the attention mask, and the KV cache when generating.
 */
public final class Pass {

    private final NDManager manager;
    private final Hooks hooks;
    private final BatchLayout layout;
    private final long[][] positions;
    private final NDArray mask;
    private final KvCache cache;
    private final Map<Object, Object> memo = new HashMap<>();

    Pass(NDManager manager, Hooks hooks, BatchLayout layout, long[][] positions, NDArray mask, KvCache cache) {
        this.manager = manager;
        this.hooks = hooks;
        this.layout = layout;
        this.positions = positions;
        this.mask = mask;
        this.cache = cache;
    }

    public NDManager manager() {
        return manager;
    }

    /** Position ids {@code [rows][T]} of the tokens in this pass. */
    public long[][] positions() {
        return positions;
    }

    /** Additive attention mask {@code [rows, 1, T, keys]}. */
    public NDArray mask() {
        return mask;
    }

    /** A value computed once per pass and shared by all blocks (such as rotary tables), keyed by its producer. */
    @SuppressWarnings("unchecked")
    public <T> T once(Object key, Supplier<T> compute) {
        return (T) memo.computeIfAbsent(key, k -> compute.get());
    }

    /** Runs the hooks of decoder block {@code layer} at {@code point}. */
    public NDArray hook(int layer, HookPoint point, NDArray activation) {
        return hooks.apply(HookSite.decoder(layer, point), activation, layout);
    }

    /** Keys and values for attention: this pass's own, appended to the cached ones when generating. */
    public NDList keysAndValues(int layer, NDArray keys, NDArray values) {
        return cache == null ? new NDList(keys, values) : cache.append(layer, keys, values);
    }
}
