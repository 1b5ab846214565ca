package dev.amend.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** The PyTorch engine loads offline and computes a matmul with autograd. */
class EngineSmokeTest {

    @Test
    void pytorchEngineLoadsOfflineAndDifferentiatesAMatmul() {
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
        Engine engine = Engine.getEngine("PyTorch");
        assertThat(engine.getEngineName()).isEqualTo("PyTorch");
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
            NDArray w = manager.create(new float[] {1, 0, 0, 1, 1, 1}, new Shape(3, 2));
            w.setRequiresGradient(true);
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray y = x.matMul(w);
                assertThat(y.toFloatArray()).containsExactly(4, 5, 10, 11);
                collector.backward(y.sum());
            }
            // d(sum(x·w))/dw[i][j] = sum over rows of x[:, i]
            assertThat(w.getGradient().toFloatArray()).containsExactly(5, 5, 7, 7, 9, 9);
        }
    }
}
