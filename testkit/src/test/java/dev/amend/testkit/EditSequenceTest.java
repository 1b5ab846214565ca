package dev.amend.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.amend.api.edit.EditContext;
import dev.amend.registry.AmendRuntime;
import dev.amend.registry.EditSequence;
import dev.amend.registry.Editor;
import dev.amend.registry.RequestScores;
import dev.amend.testkit.fixtures.RankOneNoise;
import dev.amend.testkit.tiny.TinyFacts;
import dev.amend.testkit.tiny.TinyLanguageModel;
import dev.amend.testkit.tiny.TinyModels;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sequential editing: calls accumulate, earlier requests are re-measured against the unedited model, close reverts. */
class EditSequenceTest {

    @Test
    void editsAccumulateAndAreAllRemeasuredThenCloseRestoresTheBaseWeights() {
        int total = TinyFacts.requests().size();
        try (TinyLanguageModel model = TinyModels.random(7)) {
            String base = model.weights().fingerprint();
            Editor editor = AmendRuntime.create(null).editor("rank-one-noise", new RankOneNoise.Params(0, 0.5, 42),
                    model, EditContext.defaults());
            try (EditSequence sequence = editor.sequence(TinyFacts.requests())) {
                assertThat(sequence.applied()).isZero();
                assertThat(sequence.remeasure()).isEmpty();

                sequence.applyNext(1);
                String afterFirst = model.weights().fingerprint();
                List<RequestScores> first = sequence.remeasure();
                assertThat(first).hasSize(1);
                assertThat(afterFirst).isNotEqualTo(base);

                sequence.applyNext(total);
                List<RequestScores> all = sequence.remeasure();
                assertThat(sequence.applied()).isEqualTo(total);
                assertThat(all).hasSize(total);
                assertThat(model.weights().fingerprint()).isNotEqualTo(afterFirst);
                assertThat(all.get(0).request()).isEqualTo(first.get(0).request());
                assertThat(sequence.applyNext(1)).isZero();
            }
            assertThat(model.weights().fingerprint()).isEqualTo(base);
        }
    }
}
