package dev.amend.api.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/** Joining the hooks of a runtime edit with a caller's. */
class HooksTest {

    private static final HookSite OUT = HookSite.decoder(0, HookPoint.MLP_OUT);
    private static final HookSite KEY = HookSite.decoder(0, HookPoint.MLP_KEY);

    @Test
    void thenRunsTheFirstHooksAndTheNextOnTheirResult() {
        Hooks edit = Hooks.none().replace(OUT, (a, layout) -> a.add(1f));
        float[] seen = new float[1];
        Hooks caller = Hooks.none().replace(OUT, (a, layout) -> a.mul(10f))
                .observe(KEY, a -> seen[0] = a.getFloat(0));
        Hooks joined = edit.then(caller);
        assertThat(joined.sites()).containsExactly(OUT, KEY);
        BatchLayout layout = new BatchLayout(new int[] {1}, PaddingSide.LEFT);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray out = joined.apply(OUT, m.create(new float[] {2f}), layout);
            assertThat(out.getFloat(0)).as("(2 + 1) × 10: the caller sees the edit's result").isEqualTo(30f);
            joined.apply(KEY, m.create(new float[] {7f}), layout);
            assertThat(seen[0]).isEqualTo(7f);
            assertThat(edit.apply(OUT, m.create(new float[] {2f}), layout).getFloat(0)).as("edit unchanged")
                    .isEqualTo(3f);
        }
        assertThat(Hooks.none().then(caller)).isSameAs(caller);
        assertThat(edit.then(Hooks.none())).isSameAs(edit);
    }

    @Test
    void addingAHookMakesNewHooksAndLeavesTheOldOnesAsTheyWere() {
        Hooks one = Hooks.none().observe(KEY, a -> { });
        Hooks two = one.replace(OUT, (a, layout) -> a);
        assertThat(one.sites()).containsExactly(KEY);
        assertThat(two.sites()).containsExactly(KEY, OUT);
        assertThat(Hooks.none().sites()).isEmpty();
    }
}
