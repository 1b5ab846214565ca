package dev.amend.testkit.tiny;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.amend.api.InvalidInputException;
import dev.amend.api.model.HookPoint;
import dev.amend.api.model.HookSite;
import dev.amend.api.model.Hooks;
import dev.amend.api.model.TokenBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TinyLanguageModelTest {

    @TempDir
    Path temp;

    @Test
    void theBigramModelPredictsItsTable() {
        try (TinyLanguageModel model = TinyModels.bigram(Map.of("is", "paris", "paris", "."));
             NDManager m = NDManager.newBaseManager()) {
            TinyTokenizer tok = model.tokenizer();
            int[] ids = tok.encode("the capital of france is paris");
            long[] argmax = model.forward(m, TokenBatch.of(ids)).logits().get(0).argMax(-1).toLongArray();
            assertThat(argmax).containsExactly(tok.eosId().getAsInt(), tok.eosId().getAsInt(),
                    tok.eosId().getAsInt(), tok.eosId().getAsInt(), tok.id("paris"), tok.id("."));
            assertThat(tok.decode(model.generate(List.of(tok.encode("france is")), 3).get(0))).isEqualTo("paris .");
        }
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() {
        try (TinyLanguageModel a = TinyModels.random(5); TinyLanguageModel b = TinyModels.random(5);
             TinyLanguageModel c = TinyModels.random(6)) {
            assertThat(a.weights().fingerprint()).isEqualTo(b.weights().fingerprint())
                    .isNotEqualTo(c.weights().fingerprint());
        }
    }

    @Test
    void forwardPassesLeaveNothingInTheModelsManager() {
        try (TinyLanguageModel model = TinyModels.random(1)) {
            int before = model.parameterManager().getManagedArrays().size();
            try (NDManager m = NDManager.newBaseManager()) {
                model.forward(m, TokenBatch.of(new int[] {3, 4, 5}, new int[] {6}), Hooks.none());
                model.generate(List.of(new int[] {3, 4}), 2);
            }
            assertThat(model.parameterManager().getManagedArrays()).hasSize(before);
        }
    }

    @Test
    void savedModelsLoadBitForBit() throws IOException {
        Path dir = temp.resolve("m");
        try (TinyLanguageModel model = TinyModels.random(9); NDManager m = NDManager.newBaseManager()) {
            TinyModels.save(model, dir);
            try (TinyLanguageModel loaded = TinyModels.load(dir, m.getDevice())) {
                assertThat(loaded.weights().fingerprint()).isEqualTo(model.weights().fingerprint());
                TokenBatch batch = TokenBatch.of(new int[] {3, 9, 12});
                assertThat(loaded.forward(m, batch).logits().toFloatArray())
                        .isEqualTo(model.forward(m, batch).logits().toFloatArray());
            }
        }
    }

    @Test
    void truncatedWeightsAreAClearError() throws IOException {
        Path dir = temp.resolve("m");
        try (TinyLanguageModel model = TinyModels.random(9)) {
            TinyModels.save(model, dir);
        }
        Path weights = dir.resolve(TinyModels.WEIGHTS);
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> TinyModels.load(dir, ai.djl.Device.cpu()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(weights.toString());
    }

    /** A delta added at a hook site gets the exact gradient (checked against a finite difference). */
    @Test
    void gradientsFlowThroughHookDeltas() {
        try (TinyLanguageModel model = TinyModels.random(2); NDManager m = NDManager.newBaseManager()) {
            TokenBatch batch = TokenBatch.of(new int[] {3, 7, 11, 13});
            HookSite site = HookSite.decoder(0, HookPoint.MLP_OUT);
            NDArray delta = m.zeros(new Shape(model.spec().hiddenSize()));
            delta.setRequiresGradient(true);
            float analytic;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = model.forward(m, batch,
                        Hooks.none().replace(site, (a, layout) -> a.add(delta))).logits();
                collector.backward(logits.get(new NDIndex("0, -1, 5")));
            }
            analytic = delta.getGradient().getFloat(0);
            assertThat(analytic).isNotZero();

            float h = 1e-2f;
            float up = logitWith(model, m, batch, site, 0, h);
            float down = logitWith(model, m, batch, site, 0, -h);
            assertThat(analytic).isCloseTo((up - down) / (2 * h), within(Math.abs(analytic) * 0.02f + 1e-3f));
        }
    }

    private static float logitWith(TinyLanguageModel model, NDManager m, TokenBatch batch, HookSite site, int unit,
                                   float shift) {
        float[] d = new float[model.spec().hiddenSize()];
        d[unit] = shift;
        NDArray delta = m.create(d);
        return model.forward(m, batch, Hooks.none().replace(site, (a, layout) -> a.add(delta)))
                .logits().get(new NDIndex("0, -1, 5")).getFloat();
    }
}
