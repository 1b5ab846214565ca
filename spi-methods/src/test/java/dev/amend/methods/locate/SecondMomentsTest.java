package dev.amend.methods.locate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.amend.api.InvalidInputException;
import dev.amend.api.Progress;
import dev.amend.api.model.LanguageModel;
import dev.amend.testkit.tiny.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecondMomentsTest {

    @TempDir
    Path temp;

    private record Stats(String statsDir, String mom2Dataset, int mom2NSamples, String mom2Dtype,
                         String rewriteModuleTmp) implements StatsHParams {}

    /** EasyEdit's layout and key names: {@code <stats_dir>/<model>/<dataset>_stats/<module>_<dtype>_mom2_<n>.npz}. */
    @Test
    void easyEditsPrecomputedFileIsUsedWithoutACorpus() throws IOException {
        try (LanguageModel model = TinyModels.random(3); NDManager m = NDManager.newBaseManager()) {
            double[] values = new double[64 * 64];
            for (int i = 0; i < 64; i++) {
                values[i * 64 + i] = 3.0 * (i + 1);
            }
            Path file = temp.resolve("stats/tiny-model/wikipedia_stats/blocks.1.mlp.down_float32_mom2_100000.npz");
            Npz.write(file, Map.of("mom2.mom2", m.create(values, new Shape(64, 64)), "mom2.count", m.create(3L)));
            Stats stats = new Stats(temp.resolve("stats").toString(), "wikipedia", 100000, "float32",
                    "blocks.{}.mlp.down");
            NDArray c = SecondMoments.of(m, model, 1, stats, Progress.NONE);
            assertThat(c.getShape()).isEqualTo(new Shape(64, 64));
            assertThat(c.getDouble(0, 0)).isEqualTo(1.0);
            assertThat(c.getDouble(63, 63)).isEqualTo(64.0);
            assertThat(c.getDouble(0, 1)).isZero();
            NDArray inverse = SecondMoments.inverse(m, model, 1, stats, Progress.NONE);
            assertThat(inverse.getDouble(0, 0)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(inverse.getDouble(63, 63)).isCloseTo(1 / 64.0, org.assertj.core.data.Offset.offset(1e-12));
            // mean eigenvalue m = 32.5; entry i: m / (c_i + 0.1 m)
            NDArray whitening = SecondMoments.dampedWhitening(m, model, 1, stats, 0.1, Progress.NONE);
            assertThat(whitening.getDouble(0, 0)).isCloseTo(32.5 / 4.25, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(whitening.getDouble(63, 63)).isCloseTo(32.5 / 67.25, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(whitening.getDouble(0, 1)).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    @Test
    void aCorpusIsCollectedOnceAndCachedUnderTheModelsFingerprint() throws IOException {
        Path corpus = Files.write(temp.resolve("corpus.txt"), TinyCorpus.lines());
        Stats stats = new Stats(temp.resolve("cache").toString(), corpus.toString(), 1000, "float64",
                "blocks.{}.mlp.down");
        try (LanguageModel model = TinyModels.random(4); NDManager m = NDManager.newBaseManager()) {
            NDArray c = SecondMoments.of(m, model, 0, stats, Progress.NONE);
            NDArray[] sums = SecondMoments.collect(m, model, 0, TinyCorpus.lines(), Progress.NONE);
            assertThat(sums[1].getLong()).isGreaterThan(300);
            double[] expected = sums[0].div(sums[1].toType(ai.djl.ndarray.types.DataType.FLOAT64, false))
                    .toDoubleArray();
            double[] actual = c.toDoubleArray();
            double maxDifference = 0;
            for (int i = 0; i < expected.length; i++) {
                maxDifference = Math.max(maxDifference, Math.abs(actual[i] - expected[i]));
            }
            assertThat(maxDifference).as("same keys batched differently (float32 activations)").isLessThan(1e-6);
            try (var files = Files.walk(temp.resolve("cache"))) {
                assertThat(files.filter(p -> p.toString().endsWith("blocks.0.mlp.down_float64_mom2_1000.npz")))
                        .hasSize(1);
            }
        }
    }

    @Test
    void aMissingCorpusNamesWhatWasLookedFor() {
        try (LanguageModel model = TinyModels.random(5); NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> SecondMoments.of(m, model, 0, new Stats(temp.toString(), "wikipedia", 100000,
                    "float32", "blocks.{}.mlp.down"), Progress.NONE))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("mom2_dataset 'wikipedia' is not a local text file")
                    .hasMessageContaining("blocks.0.mlp.down_float32_mom2_100000.npz");
        }
    }
}
