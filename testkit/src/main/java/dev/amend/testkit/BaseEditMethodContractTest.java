package dev.amend.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import dev.amend.api.HParams;
import dev.amend.api.InvalidInputException;
import dev.amend.api.ProviderKind;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditCapability;
import dev.amend.api.edit.EditContext;
import dev.amend.api.edit.EditMethod;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.WeightDelta;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.TokenBatch;
import dev.amend.api.model.WeightSite;
import dev.amend.registry.AmendRuntime;
import dev.amend.registry.EditArchive;
import dev.amend.registry.discovery.ProviderNames;
import dev.amend.testkit.tiny.TinyFacts;
import dev.amend.testkit.tiny.TinyModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of an editing method. Extend it in your plugin's tests, give the provider (and hparams, when it has
 * no defaults), and it checks: the provider rules, that applying then closing an edit restores every weight bit for
 * bit, that a kept edit stays, that a saved edit re-applied to a fresh copy of the model gives identical weights and
 * outputs, that it refuses other weights, and the batch and sequential behaviour the method declares.
 *
 * <p>By default it edits {@link TinyModels#random(long) the tiny model} with {@link TinyFacts#requests()}; override
 * {@link #newBaseModel()} and {@link #requests()} for methods that need another model.
 */
public abstract class BaseEditMethodContractTest<H extends HParams>
        extends BaseProviderContractTest<H, EditMethodProvider<H>> {

    /** A fresh directory per test, for saved edits. */
    @TempDir
    protected Path temp;

    @Override
    protected final ProviderKind kind() {
        return ProviderKind.EDIT_METHOD;
    }

    /** {@return a fresh copy of the base model: every call must return bit-identical weights} */
    protected LanguageModel newBaseModel() {
        return TinyModels.random(7);
    }

    /** {@return at least two requests the model's tokenizer can express} */
    protected List<EditRequest> requests() {
        return TinyFacts.requests();
    }

    /** {@return the method under test, made from {@link #exampleHParams()}} */
    protected EditMethod method() {
        return provider().create(exampleHParams());
    }

    /** {@return seed 1234, no progress, the runtime's model loader (for methods that load an archive's models)} */
    protected EditContext context() {
        return runtime().context(1234L, dev.amend.api.Progress.NONE);
    }

    /**
     * {@return the runtime that finds the provider (it saves and re-applies edits by the method's name)}: the class
     * path's by default; a test of a provider found in a plugins folder returns that folder's runtime
     */
    protected AmendRuntime runtime() {
        return ClassPath.RUNTIME;
    }

    /** The class path's runtime, made on first use. */
    private static final class ClassPath {
        static final AmendRuntime RUNTIME = AmendRuntime.create(null);
    }

    private boolean has(EditCapability capability) {
        return provider().capabilities().has(capability);
    }

    @Test
    void supportsTheModelItIsTestedOn() {
        try (LanguageModel model = newBaseModel()) {
            assertThat(provider().capabilities().supports(model.spec()))
                    .as("the method supports the test model; override newBaseModel() otherwise").isTrue();
        }
    }

    @Test
    void applyThenCloseRestoresEveryWeightBitForBit() {
        try (LanguageModel model = newBaseModel()) {
            String before = model.weights().fingerprint();
            Map<WeightSite, int[]> bits = weightBits(model);
            AppliedEdit edit = method().apply(model, requests().subList(0, 1), context());
            assertThat(ProviderNames.key(edit.state().method())).isEqualTo(ProviderNames.key(provider().name()));
            if (has(EditCapability.WEIGHT_DELTA)) {
                assertThat(edit.deltas()).as("a weight-delta edit reports its deltas").isNotEmpty();
                for (WeightDelta d : edit.deltas()) {
                    assertThat(model.weights().sites()).contains(d.site());
                    assertThat(d.shape()).isEqualTo(model.weights().shape(d.site()));
                }
                assertThat(model.weights().fingerprint()).as("weights changed").isNotEqualTo(before);
            } else {
                assertThat(edit.deltas()).as("a runtime-only edit changes no weight").isEmpty();
                assertThat(model.weights().fingerprint()).isEqualTo(before);
            }
            edit.close();
            assertThat(edit.isClosed()).isTrue();
            assertThat(model.weights().fingerprint()).isEqualTo(before);
            Map<WeightSite, int[]> restored = weightBits(model);
            bits.forEach((site, raw) -> assertThat(restored.get(site)).as("bits of " + site).isEqualTo(raw));
            edit.close();
            assertThat(model.weights().fingerprint()).as("closing twice changes nothing").isEqualTo(before);
        }
    }

    @Test
    void theEditChangesWhatTheModelComputes() {
        try (LanguageModel model = newBaseModel()) {
            EditRequest request = requests().get(0);
            float[] base = logits(model, request);
            try (AppliedEdit edit = method().apply(model, List.of(request), context())) {
                assertThat(logits(edit.model(), request)).isNotEqualTo(base);
            }
            assertThat(logits(model, request)).isEqualTo(base);
        }
    }

    /**
     * An edit depends on the weights and the requests alone: applying, reverting and applying the same request again
     * (with the same method instance, then with a fresh one) gives the same logits. Catches state carried from one
     * apply to the next, such as gradients left to accumulate on model parameters.
     */
    @Test
    void repeatedApplyOnRestoredWeightsGivesTheSameEdit() {
        try (LanguageModel model = newBaseModel()) {
            EditRequest request = requests().get(0);
            EditMethod method = method();
            float[] first;
            try (AppliedEdit edit = method.apply(model, List.of(request), context())) {
                first = logits(edit.model(), request);
            }
            try (AppliedEdit again = method.apply(model, List.of(request), context())) {
                assertThat(logits(again.model(), request)).as("the same method instance, applied again").isEqualTo(first);
            }
            try (AppliedEdit fresh = method().apply(model, List.of(request), context())) {
                assertThat(logits(fresh.model(), request)).as("a fresh instance after two applies").isEqualTo(first);
            }
        }
    }

    /**
     * Applying and closing edits leaves no array behind: after a first apply (which may fill caches, such as
     * second-moment statistics), more applies hold no more live arrays. An array attached to the model's manager,
     * or to any long-lived one, on every apply grows memory without bound in a long sequential run.
     */
    @Test
    void repeatedAppliesLeaveNoArrayBehind() {
        try (LanguageModel model = newBaseModel()) {
            EditMethod method = method();
            List<EditRequest> request = requests().subList(0, 1);
            method.apply(model, request, context()).close();
            method.apply(model, request, context()).close();
            int warm = liveArrays();
            for (int i = 0; i < 3; i++) {
                method.apply(model, request, context()).close();
            }
            // at most: arrays of models that earlier tests dropped may be freed by their cleaners meanwhile
            assertThat(liveArrays()).as("live arrays after three more applies and closes").isLessThanOrEqualTo(warm);
        }
    }

    /** Arrays alive in every manager of the engine. */
    private static int liveArrays() {
        try (NDManager probe = NDManager.newBaseManager()) {
            return probe.getParentManager().getManagedArrays().size();
        }
    }

    @Test
    void keptEditsStayAfterClose() {
        try (LanguageModel model = newBaseModel()) {
            String before = model.weights().fingerprint();
            EditRequest request = requests().get(0);
            AppliedEdit edit = method().apply(model, List.of(request), context());
            String edited = model.weights().fingerprint();
            float[] editedLogits = logits(edit.model(), request);
            edit.keep();
            edit.close();
            assertThat(edit.isKept()).isTrue();
            if (has(EditCapability.WEIGHT_DELTA)) {
                assertThat(model.weights().fingerprint()).isEqualTo(edited).isNotEqualTo(before);
            } else {
                assertThat(logits(edit.model(), request)).as("a kept runtime edit's model stays edited")
                        .isEqualTo(editedLogits);
            }
        }
    }

    /** A closed runtime-only edit's model refuses to run rather than answer as if still edited. */
    @Test
    void aClosedRuntimeEditsModelRefusesToRun() {
        assumeTrue(has(EditCapability.RUNTIME_ONLY), "weight edits revert the model itself");
        try (LanguageModel model = newBaseModel()) {
            AppliedEdit edit = method().apply(model, requests().subList(0, 1), context());
            edit.close();
            assertThatThrownBy(() -> logits(edit.model(), requests().get(0)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        }
    }

    @Test
    void savedEditsReapplyToAFreshCopyIdentically() throws IOException {
        EditArchive archive = runtime().edits();
        Path saved = temp.resolve("edit");
        String editedFingerprint;
        float[] editedLogits;
        EditRequest request = requests().get(0);
        try (LanguageModel model = newBaseModel()) {
            try (AppliedEdit edit = method().apply(model, List.of(request), context())) {
                archive.save(edit, saved);
                editedFingerprint = edit.model().weights().fingerprint();
                editedLogits = logits(edit.model(), request);
            }
        }
        try (LanguageModel fresh = newBaseModel()) {
            String base = fresh.weights().fingerprint();
            try (AppliedEdit restored = archive.apply(saved, fresh)) {
                assertThat(restored.model().weights().fingerprint()).isEqualTo(editedFingerprint);
                assertThat(logits(restored.model(), request)).as("same logits, bit for bit").isEqualTo(editedLogits);
                assertThat(restored.state().requests()).containsExactly(request);
                assertThat(restored.state().hparams()).isEqualTo(exampleHParams());
            }
            assertThat(fresh.weights().fingerprint()).as("the restored edit reverts too").isEqualTo(base);
        }
    }

    @Test
    void savedEditsRefuseOtherWeights() throws IOException {
        EditArchive archive = runtime().edits();
        Path saved = temp.resolve("edit");
        try (LanguageModel model = newBaseModel()) {
            try (AppliedEdit edit = method().apply(model, requests().subList(0, 1), context())) {
                archive.save(edit, saved);
            }
        }
        try (LanguageModel other = newBaseModel(); NDManager scratch = NDManager.newBaseManager()) {
            WeightSite site = other.weights().sites().iterator().next();
            other.weights().add(site, scratch.ones(other.weights().shape(site)).mul(0.5f));
            String changed = other.weights().fingerprint();
            assertThatThrownBy(() -> archive.apply(saved, other))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("fingerprint");
            assertThat(other.weights().fingerprint()).as("nothing applied").isEqualTo(changed);
        }
    }

    @Test
    void batchEditsApplyAndRevert() {
        assumeTrue(has(EditCapability.BATCH), "the method does not declare BATCH");
        try (LanguageModel model = newBaseModel()) {
            String before = model.weights().fingerprint();
            try (AppliedEdit edit = method().apply(model, requests(), context())) {
                assertThat(edit.state().requests()).hasSize(requests().size());
            }
            assertThat(model.weights().fingerprint()).isEqualTo(before);
        }
    }

    @Test
    void sequentialEditsRevertInReverseOrder() {
        assumeTrue(has(EditCapability.SEQUENTIAL), "the method does not declare SEQUENTIAL");
        try (LanguageModel model = newBaseModel()) {
            String before = model.weights().fingerprint();
            AppliedEdit first = method().apply(model, requests().subList(0, 1), context());
            String afterFirst = model.weights().fingerprint();
            AppliedEdit second = method().apply(first.model(), requests().subList(1, 2), context());
            if (has(EditCapability.WEIGHT_DELTA) && !sharedSites(first, second).isEmpty()) {
                assertThatThrownBy(first::close).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("reverse order");
            }
            second.close();
            assertThat(model.weights().fingerprint()).isEqualTo(afterFirst);
            first.close();
            assertThat(model.weights().fingerprint()).isEqualTo(before);
        }
    }

    /**
     * Sequential editing offers each edit to the one before ({@link AppliedEdit#absorb}); an edit that takes the next
     * over computes what the two did, and closing it gives the base model back.
     */
    @Test
    void anAbsorbedSequenceComputesWhatItsEditsDid() {
        assumeTrue(has(EditCapability.SEQUENTIAL), "the method does not declare SEQUENTIAL");
        try (LanguageModel model = newBaseModel()) {
            String before = model.weights().fingerprint();
            float[] base = logits(model, requests().get(1));
            AppliedEdit first = method().apply(model, requests().subList(0, 1), context());
            AppliedEdit second = method().apply(first.model(), requests().subList(1, 2), context());
            float[][] both = {logits(second.model(), requests().get(0)), logits(second.model(), requests().get(1))};
            if (first.absorb(second)) {
                assertThat(second.isClosed()).as("the absorbed edit").isTrue();
                assertThat(logits(first.model(), requests().get(0))).isEqualTo(both[0]);
                assertThat(logits(first.model(), requests().get(1))).isEqualTo(both[1]);
            } else {
                second.close();
            }
            first.close();
            assertThat(model.weights().fingerprint()).isEqualTo(before);
            assertThat(logits(model, requests().get(1))).isEqualTo(base);
        }
    }

    private static Set<WeightSite> sharedSites(AppliedEdit a, AppliedEdit b) {
        Set<WeightSite> sites = new HashSet<>();
        a.deltas().forEach(d -> sites.add(d.site()));
        Set<WeightSite> shared = new HashSet<>();
        b.deltas().forEach(d -> {
            if (sites.contains(d.site())) {
                shared.add(d.site());
            }
        });
        return shared;
    }

    /**
     * {@return logits of the request's prompt followed by its new target, flattened}
     *
     * @param model the model to run
     * @param request whose prompt is run
     */
    protected static float[] logits(LanguageModel model, EditRequest request) {
        int[] ids = model.tokenizer().encode(request.filledPrompt() + " " + request.targetNew());
        try (NDManager scratch = NDManager.newBaseManager(model.spec().device())) {
            return model.forward(scratch, TokenBatch.of(ids)).logits().toFloatArray();
        }
    }

    /**
     * {@return every weight site's raw float bits}
     *
     * @param model the model
     */
    protected static Map<WeightSite, int[]> weightBits(LanguageModel model) {
        Map<WeightSite, int[]> bits = new LinkedHashMap<>();
        try (NDManager scratch = NDManager.newBaseManager(model.spec().device())) {
            for (WeightSite site : model.weights().sites()) {
                float[] values = model.weights().get(site, scratch).toFloatArray();
                int[] raw = new int[values.length];
                for (int i = 0; i < values.length; i++) {
                    raw[i] = Float.floatToRawIntBits(values[i]);
                }
                bits.put(site, raw);
            }
        }
        return bits;
    }
}
