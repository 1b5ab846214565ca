package dev.amend.toolkit.model;

import dev.amend.api.model.ModelCache;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@link ModelCache} a model adapter owns: a map from key to value, filled on first use, whose closeable values are
 * closed, newest first, when the model closes it. Values are made under the cache's lock, so each is made once; a
 * value's {@code make} may itself ask the cache for other values.
 */
public final class KeyedModelCache implements ModelCache, AutoCloseable {

    private final Map<String, Object> values = new LinkedHashMap<>();
    private boolean closed;

    @Override
    public synchronized <V> V get(String key, Class<V> type, Supplier<? extends V> make) {
        if (closed) {
            throw new IllegalStateException("the model's cache is closed: the model was closed");
        }
        Object value = values.get(key);
        if (value == null) {
            value = make.get();
            if (value == null) {
                throw new IllegalStateException("the cache's value for '" + key + "' was made null");
            }
            values.put(key, value);
        }
        if (!type.isInstance(value)) {
            throw new IllegalStateException("the cache holds a " + value.getClass().getName() + " under '" + key
                    + "', not a " + type.getName());
        }
        return type.cast(value);
    }

    /** Closes every closeable value, newest first, once; later {@link #get} calls fail. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Object> newestFirst = new ArrayList<>(values.values());
        Collections.reverse(newestFirst);
        values.clear();
        RuntimeException failure = null;
        for (Object value : newestFirst) {
            if (value instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    if (failure == null) {
                        failure = new IllegalStateException("could not close a cached value", e);
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
