package dev.amend.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.amend.api.InvalidInputException;
import dev.amend.api.NoHParams;
import dev.amend.api.edit.EditContext;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.WeightDelta;
import dev.amend.api.model.WeightKind;
import dev.amend.api.model.WeightSite;
import dev.amend.testkit.tiny.TinyLanguageModel;
import dev.amend.testkit.tiny.TinyModels;
import dev.amend.toolkit.edit.WeightDeltaEdit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared AppliedEdit of weight-delta methods, on the tiny model. */
class WeightDeltaEditTest {

    private static final WeightSite OUT0 = WeightSite.decoder(0, WeightKind.MLP_OUT_PROJ);
    private static final WeightSite IN1 = WeightSite.decoder(1, WeightKind.MLP_IN_PROJ);
    private static final List<EditRequest> REQUEST = List.of(EditRequest.of("the capital of {} is", "france", "lyon"));

    @Test
    void denseAndLowRankDeltasAddExactlyTheirMatrices() {
        try (TinyLanguageModel model = TinyModels.random(1); NDManager m = NDManager.newBaseManager()) {
            float[] before = model.weights().get(OUT0, m).toFloatArray();
            Shape shape = model.weights().shape(OUT0);
            var u = m.ones(new Shape(shape.get(0), 1)).mul(0.25f);
            var v = m.ones(new Shape(shape.get(1), 1)).mul(2f);
            try (WeightDeltaEdit edit = WeightDeltaEdit.apply(model, EditContext.defaults(), "test", new NoHParams(), REQUEST,
                    List.of(new WeightDelta.LowRank(OUT0, u, v)))) {
                float[] after = model.weights().get(OUT0, m).toFloatArray();
                for (int i = 0; i < before.length; i++) {
                    assertThat(after[i]).isEqualTo(before[i] + 0.5f);
                }
                assertThat(edit.state().baseFingerprint()).isNotEqualTo(model.weights().fingerprint());
            }
            assertThat(model.weights().get(OUT0, m).toFloatArray()).isEqualTo(before);
        }
    }

    @Test
    void aDeltaOfTheWrongShapeChangesNothing() {
        try (TinyLanguageModel model = TinyModels.random(1); NDManager m = NDManager.newBaseManager()) {
            String fingerprint = model.weights().fingerprint();
            WeightDelta good = new WeightDelta.Dense(IN1, m.ones(model.weights().shape(IN1)));
            WeightDelta bad = new WeightDelta.Dense(OUT0, m.ones(new Shape(3, 3)));
            assertThatThrownBy(() -> WeightDeltaEdit.apply(model, EditContext.defaults(), "test", new NoHParams(), REQUEST, List.of(good, bad)))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("decoder.0.mlp_out_proj has shape (3, 3)");
            assertThat(model.weights().fingerprint()).isEqualTo(fingerprint);
        }
    }

    @Test
    void editsOnTheSameMatrixRevertOnlyInReverseOrder() {
        try (TinyLanguageModel model = TinyModels.random(1); NDManager m = NDManager.newBaseManager()) {
            String base = model.weights().fingerprint();
            WeightDeltaEdit first = WeightDeltaEdit.apply(model, EditContext.defaults(), "test", new NoHParams(), REQUEST,
                    List.of(new WeightDelta.Dense(OUT0, m.ones(model.weights().shape(OUT0)))));
            WeightDeltaEdit second = WeightDeltaEdit.apply(model, EditContext.defaults(), "test", new NoHParams(), REQUEST,
                    List.of(new WeightDelta.Dense(OUT0, m.ones(model.weights().shape(OUT0)))));
            assertThatThrownBy(first::close).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("[decoder.0.mlp_out_proj] changed since it was applied");
            assertThat(first.isClosed()).isFalse();
            second.close();
            first.close();
            assertThat(model.weights().fingerprint()).isEqualTo(base);
        }
    }

    /** A sequence squashed into its first edit reverts as a whole and holds one original per matrix. */
    @Test
    void anAbsorbedEditRevertsWithTheEditThatAbsorbedIt() {
        try (TinyLanguageModel model = TinyModels.random(1); NDManager m = NDManager.newBaseManager()) {
            String base = model.weights().fingerprint();
            WeightDeltaEdit first = WeightDeltaEdit.apply(model, EditContext.defaults(), "test", new NoHParams(), REQUEST,
                    List.of(new WeightDelta.Dense(OUT0, m.ones(model.weights().shape(OUT0)))));
            WeightDeltaEdit second = WeightDeltaEdit.apply(model, EditContext.defaults(), "test", new NoHParams(), REQUEST,
                    List.of(new WeightDelta.Dense(OUT0, m.ones(model.weights().shape(OUT0)).mul(0.5f)),
                            new WeightDelta.Dense(IN1, m.ones(model.weights().shape(IN1)))));
            String both = model.weights().fingerprint();
            first.absorb(second);
            assertThat(second.isClosed()).isTrue();
            assertThat(model.weights().fingerprint()).as("the absorbed change stays in force").isEqualTo(both);
            assertThatThrownBy(() -> first.absorb(second)).isInstanceOf(IllegalStateException.class);
            WeightDeltaEdit third = WeightDeltaEdit.apply(model, EditContext.defaults(), "test", new NoHParams(), REQUEST,
                    List.of(new WeightDelta.Dense(IN1, m.ones(model.weights().shape(IN1)))));
            assertThatThrownBy(first::close).as("a later edit not absorbed still comes first")
                    .hasMessageContaining("[decoder.1.mlp_in_proj] changed since it was applied");
            first.absorb(third);
            first.close();
            assertThat(model.weights().fingerprint()).isEqualTo(base);
        }
    }

    /** An edit of another model (one made through a runtime edit's view, say) is not absorbed: both stay as they were. */
    @Test
    void anEditOfAnotherModelIsNotAbsorbed() {
        try (TinyLanguageModel model = TinyModels.random(1); TinyLanguageModel other = TinyModels.random(1);
             NDManager m = NDManager.newBaseManager()) {
            WeightDeltaEdit first = WeightDeltaEdit.apply(model, EditContext.defaults(), "test", new NoHParams(), REQUEST,
                    List.of(new WeightDelta.Dense(OUT0, m.ones(model.weights().shape(OUT0)))));
            WeightDeltaEdit elsewhere = WeightDeltaEdit.apply(other, EditContext.defaults(), "test", new NoHParams(), REQUEST,
                    List.of(new WeightDelta.Dense(OUT0, m.ones(other.weights().shape(OUT0)))));
            assertThat(first.absorb(elsewhere)).isFalse();
            assertThat(elsewhere.isClosed()).isFalse();
            String base = other.weights().fingerprint();
            elsewhere.close();
            first.close();
            assertThat(other.weights().fingerprint()).isNotEqualTo(base);
            assertThat(other.weights().fingerprint()).isEqualTo(model.weights().fingerprint());
        }
    }

    /** A method given hparams that blow up (a huge learning rate, say) must not leave NaN or infinite weights. */
    @Test
    void nonFiniteDeltasAreRefusedAndTheWeightsKeptBitForBit() {
        try (TinyLanguageModel model = TinyModels.random(1); NDManager m = NDManager.newBaseManager()) {
            String fingerprint = model.weights().fingerprint();
            WeightDelta good = new WeightDelta.Dense(IN1, m.ones(model.weights().shape(IN1)));
            Shape shape = model.weights().shape(OUT0);
            var u = m.ones(new Shape(shape.get(0), 1));
            var nan = m.ones(new Shape(shape.get(1), 1)).mul(Float.NaN);
            assertThatThrownBy(() -> WeightDeltaEdit.apply(model, EditContext.defaults(), "rome", new NoHParams(),
                    REQUEST, List.of(good, new WeightDelta.LowRank(OUT0, u, nan))))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("rome edit refused, no weight changed: its change of decoder.0.mlp_out_proj has NaN or "
                            + "infinite values; its hparams are the likely cause (a learning rate, step count or norm "
                            + "bound too large?)");
            assertThat(model.weights().fingerprint()).isEqualTo(fingerprint);

            var huge = m.ones(new Shape(shape.get(1), 1)).mul(3e38f);
            assertThatThrownBy(() -> WeightDeltaEdit.apply(model, EditContext.defaults(), "memit", new NoHParams(),
                    REQUEST, List.of(new WeightDelta.LowRank(OUT0, u, huge), new WeightDelta.LowRank(OUT0, u, huge))))
                    .as("each delta finite, their sum with the weights not")
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("memit edit refused, no weight changed: its change of "
                            + "decoder.0.mlp_out_proj is so large that the weights would overflow to infinity");
            assertThat(model.weights().fingerprint()).isEqualTo(fingerprint);
        }
    }
}
