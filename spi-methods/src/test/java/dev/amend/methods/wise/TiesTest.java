package dev.amend.methods.wise;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TIES merging, worked by hand on two small changes. */
class TiesTest {

    @Test
    void trimsElectsSignsAndAveragesWhatAgrees() {
        try (NDManager m = NDManager.newBaseManager()) {
            // density 0.5 keeps 2 of 4 entries each: [0, -2, 3, 0] and [0, -1.5, 0, 2]; weighted 0.5 each, their sum
            // [0, -1.75, 1.5, 1] elects the signs; agreeing entries averaged by the weights that kept them
            float[] merged = Ties.merge(m, List.of(m.create(new float[] {1, -2, 3, 0.5f}),
                    m.create(new float[] {-1, -1.5f, 0.5f, 2})), 0.5, 0.5).toFloatArray();
            assertThat(merged).containsExactly(0f, -1.75f, 3f, 2f);
        }
    }

    @Test
    void entriesThatDisagreeWithTheElectedSignAreDropped() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] merged = Ties.merge(m, List.of(m.create(new float[] {2, 1}), m.create(new float[] {-1, 1})), 1.0,
                    1.0).toFloatArray();
            assertThat(merged).as("2 beats -1 at entry 0; both agree at entry 1").containsExactly(2f, 1f);
        }
    }
}
