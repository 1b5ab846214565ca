package dev.amend.methods.serac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The classifier's comparison of embeddings, against values worked by hand. */
class ScopeClassifierTest {

    // queries (3, 4) and (1, 0); stored (0, 0) and (3, 0)
    private static float[] logCoverage(boolean cos, boolean square, double scale) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray queries = m.create(new float[] {3, 4, 1, 0}, new Shape(2, 2));
            NDArray stored = m.create(new float[] {0, 1e-3f, 3, 0}, new Shape(2, 2));
            return new ScopeClassifier(null, cos, square).logCoverage(queries, stored, scale).toFloatArray();
        }
    }

    @Test
    void squaredDistanceIsEasyEditsDefault() {
        // ‖(3,4) − (0,0.001)‖² = 9 + 3.999², ‖(3,4) − (3,0)‖² = 16, ‖(1,0) − (0,0.001)‖² ≈ 1, ‖(1,0) − (3,0)‖² = 4
        assertThat(logCoverage(false, true, 1.0)).containsExactly(new float[] {-24.992f, -16f, -1f, -4f},
                within(1e-3f));
    }

    @Test
    void distanceAndCosineAreTheOtherForms() {
        assertThat(logCoverage(false, false, 2.0)).containsExactly(new float[] {-9.998f, -8f, -2f, -4f},
                within(1e-3f));
        // 1 − cos: (3,4)·(0,1)/5 = 0.8, (3,4)·(1,0)/5 = 0.6, (1,0)·(0,1) = 0, (1,0)·(1,0) = 1
        assertThat(logCoverage(true, true, 1.0)).containsExactly(new float[] {-0.2f, -0.4f, -1f, 0f}, within(1e-3f));
    }
}
