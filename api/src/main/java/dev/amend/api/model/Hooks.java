package dev.amend.api.model;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The hooks of one forward call: immutable, and they end with the call. Several hooks at one site run in the order
 * they were added, each seeing the previous one's result. Start from {@link #none()} and add with {@link #replace} and
 * {@link #observe}, each of which returns new hooks.
 *
 * @param bySite the functions at each hooked site, in the order they run
 */
public record Hooks(Map<HookSite, List<HookFunction>> bySite) {

    /**
     * Copies the map and its lists, so that hooks cannot change once made.
     *
     * @param bySite the functions at each hooked site, in the order they run
     */
    public Hooks {
        Map<HookSite, List<HookFunction>> copy = new LinkedHashMap<>();
        bySite.forEach((site, functions) -> copy.put(site, List.copyOf(functions)));
        bySite = Collections.unmodifiableMap(copy);
    }

    /** {@return no hooks} */
    public static Hooks none() {
        return new Hooks(Map.of());
    }

    /**
     * {@return these hooks and one more, at {@code site}, that may replace the activation}
     *
     * @param site the hook site
     * @param function computes the new activation from the one before it
     */
    public Hooks replace(HookSite site, HookFunction function) {
        return then(new Hooks(Map.of(site, List.of(function))));
    }

    /**
     * {@return these hooks and one more, at {@code site}, that only reads the activation}
     *
     * @param site the hook site
     * @param reader receives the activation (attached to the pass's manager)
     */
    public Hooks observe(HookSite site, Consumer<NDArray> reader) {
        return replace(site, (activation, layout) -> {
            reader.accept(activation);
            return activation;
        });
    }

    /**
     * {@return these hooks followed by {@code next}'s: at a site hooked by both, {@code next}'s hooks see what these
     * made} A runtime edit puts its own hooks first, so callers observe the edited model.
     *
     * @param next hooks that run after these at every site
     */
    public Hooks then(Hooks next) {
        if (next.bySite.isEmpty()) {
            return this;
        }
        if (bySite.isEmpty()) {
            return next;
        }
        Map<HookSite, List<HookFunction>> joined = new LinkedHashMap<>();
        bySite.forEach((site, functions) -> joined.put(site, new ArrayList<>(functions)));
        next.bySite.forEach((site, functions) -> joined.computeIfAbsent(site, s -> new ArrayList<>()).addAll(functions));
        return new Hooks(joined);
    }

    /** {@return the sites that have hooks} */
    public Set<HookSite> sites() {
        return bySite.keySet();
    }

    /**
     * {@return whether anything is hooked at {@code site}; models may skip work when not}
     *
     * @param site the hook site
     */
    public boolean has(HookSite site) {
        return bySite.containsKey(site);
    }

    /**
     * {@return what the model continues with: the hooks at {@code site} run on {@code activation}}
     *
     * @param site the hook site
     * @param activation the activation the model computed
     * @param layout the batch's padding layout
     * @throws IllegalStateException when a hook returns null or changes the activation's shape
     */
    public NDArray apply(HookSite site, NDArray activation, BatchLayout layout) {
        NDArray current = activation;
        for (HookFunction f : bySite.getOrDefault(site, List.of())) {
            NDArray next = f.apply(current, layout);
            if (next == null || !next.getShape().equals(current.getShape())) {
                throw new IllegalStateException("hook at " + site + " returned "
                        + (next == null ? "null" : "shape " + next.getShape()) + ", expected shape " + current.getShape());
            }
            current = next;
        }
        return current;
    }

    /**
     * Checks that every hooked site exists in a model.
     *
     * @param modelSites the sites the model has
     * @throws IllegalArgumentException naming the sites the model lacks
     */
    public void checkSupported(Set<HookSite> modelSites) {
        Set<String> missing = new TreeSet<>();
        for (HookSite s : bySite.keySet()) {
            if (!modelSites.contains(s)) {
                missing.add(s.toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("this model has no hook site " + missing + "; it has "
                    + modelSites.size() + " sites, e.g. " + modelSites.stream().limit(8).map(String::valueOf).toList());
        }
    }
}
