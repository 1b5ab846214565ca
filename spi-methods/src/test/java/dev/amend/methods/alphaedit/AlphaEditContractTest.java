package dev.amend.methods.alphaedit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.EditState;
import dev.amend.api.model.LanguageModel;
import dev.amend.methods.locate.TinyCorpus;
import dev.amend.registry.hparams.HParamsCodec;
import dev.amend.testkit.BaseEditMethodContractTest;
import dev.amend.toolkit.edit.WeightDeltaEdit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole method contract, from the testkit, against AlphaEdit on the tiny model (statistics from a tiny corpus). */
class AlphaEditContractTest extends BaseEditMethodContractTest<AlphaEditHParams> {

    private static final Path CORPUS = TinyCorpus.file();

    @Override
    protected EditMethodProvider<AlphaEditHParams> provider() {
        return new AlphaEditProvider();
    }

    @Override
    protected AlphaEditHParams exampleHParams() {
        return new HParamsCodec().fromMap(provider(), Map.of("v_num_grad_steps", 10, "mom2_dataset", CORPUS.toString(),
                "mom2_n_samples", 1000, "mom2_dtype", "float64", "stats_dir", CORPUS.getParent().resolve("stats")
                        .toString(), "context_template_length_params", List.of()), "the contract test's hparams");
    }

    /**
     * Edit 1, saved; edit 2 on top. Re-applying the saved edit 1 to a fresh copy of the model and making edit 2 again
     * gives the same weights, bit for bit: edit 1's keys travel in its saved state. Without them (the deltas alone,
     * re-added through the toolkit), edit 2 comes out different: the keys of earlier edits change later updates.
     */
    @Test
    void aSavedAndReloadedSequenceContinuesExactlyAsTheUnsavedOne() throws IOException {
        List<EditRequest> first = requests().subList(0, 1);
        List<EditRequest> second = requests().subList(1, 2);
        Path saved = temp.resolve("first");
        String unsaved;
        try (LanguageModel model = newBaseModel();
             AppliedEdit one = method().apply(model, first, context())) {
            runtime().edits().save(one, saved);
            assertThat(one.state().tensors()).containsOnlyKeys("keys.0", "keys.1");
            try (AppliedEdit two = method().apply(model, second, context())) {
                unsaved = model.weights().fingerprint();
            }
        }
        try (LanguageModel model = newBaseModel();
             AppliedEdit one = runtime().edits().apply(saved, model);
             AppliedEdit two = method().apply(model, second, context())) {
            assertThat(model.weights().fingerprint()).isEqualTo(unsaved);
        }
        try (LanguageModel model = newBaseModel(); NDManager m = NDManager.newBaseManager()) {
            EditState state = runtime().edits().read(saved, m);
            try (AppliedEdit one = WeightDeltaEdit.reapply(model, state);
                 AppliedEdit two = method().apply(model, second, context())) {
                assertThat(model.weights().fingerprint()).as("edit 2 without edit 1's keys").isNotEqualTo(unsaved);
            }
        }
    }
}
