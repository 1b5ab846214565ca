package dev.amend.api.model;

import java.util.function.Supplier;

/**
 * Values derived from one loaded model that are costly to make and worth keeping while it is loaded: second-moment
 * statistics, context templates, a method's retrieval index, what earlier edits left for later ones. One per model,
 * closed with it: values that are {@link AutoCloseable} (a manager holding arrays, say) are closed then, so that
 * nothing a method caches outlives its model or leaks into another model's edits.
 */
public interface ModelCache {

    /**
     * {@return the value stored under {@code key}, made by {@code make} the first time} Keys name what a value is and
     * everything it depends on (a file, a layer, a setting); two callers share a value exactly when they use one key.
     *
     * @param key what the value is, such as {@code "rome.statistics|layer 3|corpus.txt"}
     * @param type the value's type
     * @param make makes the value when the cache has none under {@code key}
     * @param <V> the value's type
     * @throws IllegalStateException when the value under {@code key} is not a {@code type}, or the cache is closed
     */
    <V> V get(String key, Class<V> type, Supplier<? extends V> make);
}
