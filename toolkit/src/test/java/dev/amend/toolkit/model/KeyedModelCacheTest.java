package dev.amend.toolkit.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A model's cache: made once per key, values closed newest first when the model closes it. */
class KeyedModelCacheTest {

    @Test
    void eachValueIsMadeOnceAndAValueMayAskForAnother() {
        KeyedModelCache cache = new KeyedModelCache();
        int[] made = new int[1];
        String outer = cache.get("outer", String.class, () -> {
            made[0]++;
            return "outer of " + cache.get("inner", String.class, () -> "inner");
        });
        assertThat(outer).isEqualTo("outer of inner");
        assertThat(cache.get("outer", String.class, () -> "again")).isEqualTo("outer of inner");
        assertThat(made[0]).isEqualTo(1);
    }

    @Test
    void closingClosesTheValuesNewestFirstOnceAndRefusesLaterUse() {
        KeyedModelCache cache = new KeyedModelCache();
        List<String> closed = new ArrayList<>();
        cache.get("first", AutoCloseable.class, () -> () -> closed.add("first"));
        cache.get("plain", Integer.class, () -> 7);
        cache.get("second", AutoCloseable.class, () -> () -> closed.add("second"));
        cache.close();
        cache.close();
        assertThat(closed).containsExactly("second", "first");
        assertThatThrownBy(() -> cache.get("first", AutoCloseable.class, () -> () -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void aValueOfAnotherTypeUnderTheKeyIsNamed() {
        KeyedModelCache cache = new KeyedModelCache();
        cache.get("k", Integer.class, () -> 1);
        assertThatThrownBy(() -> cache.get("k", String.class, () -> "x"))
                .hasMessage("the cache holds a java.lang.Integer under 'k', not a java.lang.String");
    }
}
