package dev.amend.methods.alphaedit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditMethod;
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

/**
 * The whole method contract, from the testkit, against AlphaEdit on the tiny model (statistics from a tiny corpus).
 * The contract asks that an edit depend on the weights and the requests alone, which is AlphaEdit's
 * {@code earlier_keys: in_force}; EasyEdit's {@code all_calls} (the default), whose memory outlives reverts by design,
 * is tested on its own below.
 */
class AlphaEditContractTest extends BaseEditMethodContractTest<AlphaEditHParams> {

    private static final Path CORPUS = TinyCorpus.file();

    @Override
    protected EditMethodProvider<AlphaEditHParams> provider() {
        return new AlphaEditProvider();
    }

    @Override
    protected AlphaEditHParams exampleHParams() {
        return hparams(EarlierKeys.IN_FORCE);
    }

    private AlphaEditHParams hparams(String earlierKeys) {
        return new HParamsCodec().fromMap(provider(), Map.of("v_num_grad_steps", 10, "mom2_dataset", CORPUS.toString(),
                "mom2_n_samples", 1000, "mom2_dtype", "float64", "stats_dir", CORPUS.getParent().resolve("stats")
                        .toString(), "context_template_length_params", List.of(), "earlier_keys", earlierKeys),
                "the contract test's hparams");
    }

    private EditMethod method(String earlierKeys) {
        return provider().create(hparams(earlierKeys));
    }

    @Test
    void earlierKeysDefaultToEasyEditsCacheC() {
        AlphaEditHParams h = new HParamsCodec().fromMap(provider(), Map.of(), "no keys");
        assertThat(h.earlierKeys()).isEqualTo(EarlierKeys.ALL_CALLS);
        assertThatThrownBy(() -> hparams("session")).hasMessageContaining("earlier_keys must be 'all_calls'");
    }

    /**
     * EasyEdit's cache_c: a call after a reverted one still avoids the reverted edit's keys (EasyEdit's editor restores
     * the weights of a non-sequential run, never cache_c), and says so in its state; with in_force it does not.
     */
    @Test
    void allCallsRemembersRevertedEditsAndInForceForgetsThem() {
        List<EditRequest> first = requests().subList(0, 1);
        List<EditRequest> second = requests().subList(1, 2);
        String alone;
        try (LanguageModel model = newBaseModel(); AppliedEdit two = method(EarlierKeys.ALL_CALLS).apply(model, second,
                context())) {
            alone = model.weights().fingerprint();
            assertThat(two.state().tensors()).containsOnlyKeys("keys.0", "keys.1");
        }
        for (String mode : List.of(EarlierKeys.ALL_CALLS, EarlierKeys.IN_FORCE)) {
            try (LanguageModel model = newBaseModel()) {
                EditMethod method = method(mode);
                double[] firstKeys;
                try (AppliedEdit one = method.apply(model, first, context())) {
                    firstKeys = one.state().tensors().get("keys.0").toDoubleArray();
                }
                try (AppliedEdit two = method.apply(model, second, context())) {
                    if (mode.equals(EarlierKeys.ALL_CALLS)) {
                        assertThat(model.weights().fingerprint()).as(mode).isNotEqualTo(alone);
                        assertThat(two.state().tensors()).containsOnlyKeys("keys.0", "keys.1", "earlier.0",
                                "earlier.1");
                        assertThat(two.state().tensors().get("earlier.0").toDoubleArray())
                                .containsExactly(firstKeys);
                    } else {
                        assertThat(model.weights().fingerprint()).as(mode).isEqualTo(alone);
                        assertThat(two.state().tensors()).containsOnlyKeys("keys.0", "keys.1");
                    }
                }
            }
        }
    }

    /**
     * The memory travels with the edit: edit 2, made (all_calls) after a reverted edit 1, saved, then restored in a fresh
     * model, leaves the memory as making it did, so edit 3 comes out as it did in the first run.
     */
    @Test
    void aRestoredEditBringsTheMemoryItLeft() throws IOException {
        Path saved = temp.resolve("second");
        String unsaved;
        try (LanguageModel model = newBaseModel()) {
            EditMethod method = method(EarlierKeys.ALL_CALLS);
            method.apply(model, requests().subList(0, 1), context()).close();
            try (AppliedEdit two = method.apply(model, requests().subList(1, 2), context())) {
                runtime().edits().save(two, saved);
                try (AppliedEdit three = method.apply(model, requests().subList(2, 3), context())) {
                    unsaved = model.weights().fingerprint();
                }
            }
        }
        try (LanguageModel model = newBaseModel();
             AppliedEdit two = runtime().edits().apply(saved, model);
             AppliedEdit three = method(EarlierKeys.ALL_CALLS).apply(model, requests().subList(2, 3), context())) {
            assertThat(model.weights().fingerprint()).isEqualTo(unsaved);
        }
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
