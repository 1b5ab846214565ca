package dev.amend.methods.mend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The network's statistics and its starting transform, against values worked by hand. */
class MendNetTest {

    // one weight of shape [out 1, in 1]: tokens x = [u; δ] = (1, 2), (3, 2) then (5, 8)
    @Test
    void runningStatisticsOfTwoBatchesAreThoseOfAllTheirTokens() {
        try (NDManager m = NDManager.newBaseManager()) {
            MendNet net = MendNet.initial(m, new long[][] {{1, 1}}, 2, 1e-4, 0);
            net.observe(0, m.create(new float[] {1, 3}, new Shape(2, 1)), m.create(new float[] {2, 2}, new Shape(2, 1)));
            net.observe(0, m.create(new float[] {5}, new Shape(1, 1)), m.create(new float[] {8}, new Shape(1, 1)));
            // u: mean 3, squared deviations 4 + 0 + 4 = 8; δ: mean 4, 4 + 4 + 16 = 24
            assertThat(net.tensors().get("0.mean").toFloatArray()).containsExactly(new float[] {3f, 4f}, within(1e-5f));
            assertThat(net.tensors().get("0.m2").toFloatArray()).containsExactly(new float[] {8f, 24f}, within(1e-4f));
            assertThat(net.tensors().get("0.count").getFloat(0)).isEqualTo(3f);
        }
    }

    @Test
    void anUntrainedNetworkPassesTheNormalisedFactorsThrough() {
        try (NDManager m = NDManager.newBaseManager()) {
            MendNet net = MendNet.initial(m, new long[][] {{1, 1}}, 2, 0.5, 0);
            net.observe(0, m.create(new float[] {1, 3, 5}, new Shape(3, 1)), m.create(new float[] {2, 2, 8}, new Shape(3, 1)));
            NDArray[] f = net.factors(0, m.create(new float[] {5}, new Shape(1, 1)), m.create(new float[] {8}, new Shape(1, 1)));
            // std over 3 tokens (n − 1): u √(8/2) = 2, δ √(24/2) = √12; normalised (5 − 3)/2 = 1, (8 − 4)/√12
            assertThat(f[1].toFloatArray()).containsExactly(new float[] {1f}, within(1e-4f));
            // EasyEdit's sign: the update lr·δ̃ũᵀ is added to the weight
            assertThat(f[0].toFloatArray()).containsExactly(new float[] {(float) (0.5 * 4 / Math.sqrt(12))},
                    within(1e-4f));
        }
    }
}
