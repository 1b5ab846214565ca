package dev.amend.examples.ft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.amend.api.InvalidInputException;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditContext;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.WeightDelta;
import dev.amend.api.model.LanguageModel;
import dev.amend.registry.hparams.HParamsCodec;
import dev.amend.testkit.tiny.TinyFacts;
import dev.amend.testkit.tiny.TinyModels;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConstrainedFineTuneTest {

    private final ConstrainedFineTuneProvider provider = new ConstrainedFineTuneProvider();

    private static String greedy(LanguageModel model, String prompt) {
        int[] next = model.generate(List.of(model.tokenizer().encode(prompt)), 1).get(0);
        return model.tokenizer().decode(next);
    }

    @Test
    void theModelAnswersTheNewTargetAfterTheEditAndTheOldOneAfterRevert() {
        EditRequest request = TinyFacts.requests().get(0);
        try (LanguageModel model = TinyModels.random(7)) {
            String before = greedy(model, request.filledPrompt());
            assertThat(before).isNotEqualTo(request.targetNew());
            try (AppliedEdit edit = new HParamsCodec().createWithDefaults(provider)
                    .apply(model, List.of(request), EditContext.defaults())) {
                assertThat(greedy(edit.model(), request.filledPrompt())).isEqualTo(request.targetNew());
            }
            assertThat(greedy(model, request.filledPrompt())).isEqualTo(before);
        }
    }

    @Test
    void everyWeightChangeStaysWithinTheNormConstraint() {
        ConstrainedFineTuneHParams tight = new ConstrainedFineTuneHParams(List.of(0, 1), "blocks.{}.mlp.down", 10, 0.1,
                0.01, 0.02, "target_new");
        try (LanguageModel model = TinyModels.random(7);
             AppliedEdit edit = provider.create(tight).apply(model, TinyFacts.requests(), EditContext.defaults());
             NDManager m = NDManager.newBaseManager()) {
            assertThat(edit.deltas()).hasSize(2);
            for (WeightDelta delta : edit.deltas()) {
                float maxAbs = delta.materialize(m).abs().max().getFloat();
                assertThat(maxAbs).isLessThanOrEqualTo(0.02f).isGreaterThan(0.0199f);
            }
        }
    }

    @Test
    void aModuleTemplateThatNamesNoWeightIsAClearError() {
        ConstrainedFineTuneHParams wrong = new ConstrainedFineTuneHParams(List.of(0), "transformer.h.{}.mlp.c_proj", 1,
                0.1, 0, 0.1, "target_new");
        try (LanguageModel model = TinyModels.random(7)) {
            String fingerprint = model.weights().fingerprint();
            assertThatThrownBy(() -> provider.create(wrong).apply(model, TinyFacts.requests(), EditContext.defaults()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("'transformer.h.0.mlp.c_proj'")
                    .hasMessageContaining("blocks.{}.mlp.down");
            assertThat(model.weights().fingerprint()).isEqualTo(fingerprint);
        }
    }

    @Test
    void onlyMlpOutputProjectionsCanBeTuned() {
        ConstrainedFineTuneHParams attention = new ConstrainedFineTuneHParams(List.of(0), "blocks.{}.attn.q", 1, 0.1, 0,
                0.1, "target_new");
        try (LanguageModel model = TinyModels.random(7)) {
            assertThatThrownBy(() -> provider.create(attention).apply(model, TinyFacts.requests(), EditContext.defaults()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("decoder.0.attn_q");
        }
    }
}
