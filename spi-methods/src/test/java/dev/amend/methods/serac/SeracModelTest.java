package dev.amend.methods.serac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;

import ai.djl.ndarray.NDManager;
import dev.amend.api.InvalidInputException;
import dev.amend.api.Progress;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditContext;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.TokenBatch;
import dev.amend.registry.AmendRuntime;
import dev.amend.testkit.tiny.TinyFacts;
import dev.amend.testkit.tiny.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How an edited model routes rows, checked against the two models it routes to. */
class SeracModelTest {

    private static final AmendRuntime RUNTIME = AmendRuntime.create(null);
    private static final EditContext CONTEXT = RUNTIME.context(0, Progress.NONE);

    @Test
    void supervisedACoveredRowIsTheCounterfactualModelsReadingOfTheEditThenTheRowInForwardAndGenerate()
            throws IOException {
        EditRequest request = TinyFacts.requests().get(0);
        Path archive = TinyArchive.path(false);
        try (LanguageModel base = TinyModels.random(7);
             LanguageModel replacement = RUNTIME.models().load(archive.resolve(SeracArchive.REPLACEMENT),
                     dev.amend.api.model.LoadOptions.cpu());
             AppliedEdit edit = new SeracProvider().create(new SeracHParams(archive.toString(), true, false))
                     .apply(base, List.of(request), CONTEXT)) {
            int[] prompt = base.tokenizer().encode(request.filledPrompt(), true);
            int[] other = base.tokenizer().encode("carol jones works as a", true);
            SeracModel view = (SeracModel) edit.model();
            // the stored prompt itself is at distance 0 (p = 1); with squared distances an untrained encoder leaves
            // another fact far away
            assertThat(view.route(List.of(prompt, other))).extracting(SeracModel.Route::covered)
                    .containsExactly(true, false);

            // EasyEdit's counterfactual input: the edit's sentence, a space, the row's text, tokenized as one string
            int[] joined = base.tokenizer().encode(request.filledPrompt() + " " + request.targetNew() + " "
                    + base.tokenizer().decode(prompt), true);
            assertThat(view.withLead(prompt, 0)).isEqualTo(joined);
            float[] expected = lastPositions(replacement, joined, prompt.length);
            float[] batched = logits(view, List.of(prompt, other));
            assertThat(Arrays.copyOfRange(batched, 0, expected.length)).as("covered row, from the counterfactual model")
                    .isEqualTo(expected);
            assertThat(Arrays.copyOfRange(batched, expected.length, batched.length)).as("other row, from the base")
                    .isEqualTo(logits(base, List.of(other)));

            List<int[]> generated = view.generate(List.of(prompt, other), 4);
            assertThat(generated.get(0)).as("covered prompt").isEqualTo(replacement.generate(List.of(joined), 4).get(0));
            assertThat(generated.get(1)).as("other prompt").isEqualTo(base.generate(List.of(other), 4).get(0));
        }
    }

    @Test
    void unsupervisedEveryRowMixesBothModelsByItsCoverageAsEasyEditsFiles() throws IOException {
        EditRequest request = TinyFacts.requests().get(0);
        Path archive = TinyArchive.path(false);
        try (LanguageModel base = TinyModels.random(7);
             LanguageModel replacement = RUNTIME.models().load(archive.resolve(SeracArchive.REPLACEMENT),
                     dev.amend.api.model.LoadOptions.cpu());
             AppliedEdit edit = new SeracProvider().create(new SeracHParams(archive.toString()))
                     .apply(base, List.of(request), CONTEXT)) {
            int[] other = base.tokenizer().encode("carol jones works as a", true);
            SeracModel view = (SeracModel) edit.model();
            SeracModel.Route route = view.route(List.of(other)).get(0);
            int[] joined = view.withLead(other, route.edit());
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray cf = replacement.forward(m, TokenBatch.of(joined)).logits(0)
                        .get(new ai.djl.ndarray.index.NDIndex("{}:, :", joined.length - other.length));
                NDArray plain = base.forward(m, TokenBatch.of(other)).logits(0);
                double w = route.coverage();
                float[] expected = plain.softmax(-1).mul(1 - w).add(cf.softmax(-1).mul(w)).add(SeracModel.EPS).log()
                        .toFloatArray();
                float[] actual = view.forward(m, TokenBatch.of(other)).logits(0).toFloatArray();
                assertThat(actual).containsExactly(expected, within(1e-5f));
            }
        }
    }

    @Test
    void anArchiveWithoutItsManifestIsRefusedByName(@TempDir Path empty) throws IOException {
        Files.createDirectories(empty.resolve(SeracArchive.CLASSIFIER));
        try (LanguageModel base = TinyModels.random(7)) {
            assertThatThrownBy(() -> new SeracProvider().create(new SeracHParams(empty.toString()))
                    .apply(base, TinyFacts.requests().subList(0, 1), CONTEXT))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(empty.toString()).hasMessageContaining(SeracArchive.MANIFEST)
                    .hasMessageContaining("amend train --trainer serac");
        }
    }

    /** The logits of {@code ids}' last {@code count} positions. */
    private static float[] lastPositions(LanguageModel model, int[] ids, int count) {
        try (NDManager m = NDManager.newBaseManager()) {
            return model.forward(m, TokenBatch.of(ids)).logits(0)
                    .get(new ai.djl.ndarray.index.NDIndex("{}:, :", ids.length - count)).toFloatArray();
        }
    }

    private static float[] logits(LanguageModel model, List<int[]> rows) {
        try (NDManager m = NDManager.newBaseManager()) {
            return model.forward(m, TokenBatch.of(rows)).logits().toFloatArray();
        }
    }
}
