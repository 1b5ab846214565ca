package dev.amend.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amend.api.InvalidInputException;
import dev.amend.api.Progress;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.registry.AmendRuntime;
import dev.amend.registry.AmendVersion;
import dev.amend.registry.EditManifest;
import dev.amend.registry.Editor;
import dev.amend.registry.Provenance;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saved edits on the embedded toy model: weight edits saved in format version 1 (by the code before edits recorded
 * their provenance and digests; committed as fixtures) load and apply bit for bit, checked by their fingerprint, and
 * closing them gives the base weights back bit for bit; a run-time edit saved then has nothing that could check it
 * and is refused with a message to save it again; edits saved now record their provenance and digests and load the
 * same way.
 */
class SavedEditFormatsTest {

    static final Path TOY = Path.of("..", "models", "toy");
    static final Path SAVED = Path.of("src/test/resources/dev/amend/harness/saved-edits");
    static final String BASE = "8946e558ccb2d16f628887c64925f2f9bb93be663d3b316cc96944ec32266cf8";
    /** The toy model's weights with the version 1 ROME edit applied, as saved with it. */
    static final String ROME_EDITED = "c40de35eedc28dc5f9ce08cbb55e920641b4bb049a54ab3fac427ca42973a9ff";
    /** The request both fixtures applied, as they saved it. */
    static final EditRequest REQUEST = EditRequest.of(". safa gusag competes in", "safa gusag", "fencing");

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private final AmendRuntime amend = AmendRuntime.create(null);

    @Test
    void aRomeEditSavedInVersion1AppliesBitForBitAndClosingRestoresTheBase() throws IOException {
        Path saved = SAVED.resolve("rome-v1");
        EditManifest manifest = amend.edits().manifest(saved);
        assertThat(manifest.version()).isEqualTo(1);
        assertThat(manifest.editedFingerprint()).isEqualTo(ROME_EDITED);
        Provenance provenance = manifest.provenance();
        assertThat(provenance.baseFingerprint()).isEqualTo(BASE);
        assertThat(provenance.hparams().get("layers").get(0).asInt()).isEqualTo(3);
        assertThat(provenance.created()).isEqualTo("2026-12-07T16:55:19.019471489Z");
        assertThat(provenance.seed()).as("not recorded then").isNull();
        assertThat(provenance.amendVersion()).as("not recorded then").isNull();
        assertThat(provenance.engine()).as("not recorded then").isNull();
        assertAppliesAndCloses(saved, ROME_EDITED);
    }

    @Test
    void aGraceEditSavedInVersion1IsReadButNotLoadedSinceNothingChecksItsState() throws IOException {
        Path saved = SAVED.resolve("grace-v1");
        EditManifest manifest = amend.edits().manifest(saved);
        assertThat(manifest.version()).isEqualTo(1);
        assertThat(manifest.editedFingerprint()).as("a run-time edit").isNull();
        assertThat(manifest.integrity()).as("no digests then").isNull();
        assertThat(manifest.tensors()).containsExactly("values", "keys", "radii", "labels");
        assertThat(manifest.requests()).containsExactly(REQUEST);
        try (LanguageModel model = load()) {
            assertThatThrownBy(() -> amend.edits().apply(saved, model)).isInstanceOf(InvalidInputException.class)
                    .hasMessage(saved + ": this grace edit was saved in format version 1, before saved edits carried "
                            + "digests, and it changes no weight, so no fingerprint checks it either: what it holds "
                            + "cannot be checked against what was saved, and it is not loaded. Make the edit again and "
                            + "save it with this version (amend edit --method grace ... --save DIR; its requests are "
                            + "listed in " + saved.resolve("edit.json") + ")");
            assertThat(model.weights().fingerprint()).isEqualTo(BASE);
        }
    }

    @Test
    void aGraceEditSavedNowWithItsDigestsStrippedIsRefusedLikeAnOldOne() throws IOException {
        Path saved = temp.resolve("grace");
        try (LanguageModel model = load();
             Editor editor = amend.editor("grace", amend.hparams().preset(amend.providers().method("grace"), "toy"),
                     model, amend.context(7, Progress.NONE));
             AppliedEdit edit = editor.edit(List.of(REQUEST)).edit()) {
            amend.edits().save(edit, saved);
        }
        Path manifest = saved.resolve("edit.json");
        com.fasterxml.jackson.databind.node.ObjectNode tree =
                (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(manifest.toFile());
        tree.put("version", 2).remove("integrity");
        JSON.writeValue(manifest.toFile(), tree);
        try (LanguageModel model = load()) {
            assertThatThrownBy(() -> amend.edits().apply(saved, model)).isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith(saved + ": this grace edit was saved in format version 2, before saved "
                            + "edits carried digests");
        }
    }

    @Test
    void aVersion1EditSavedAgainRecordsProvenanceAndAppliesTheSame() throws IOException {
        Path again = temp.resolve("rome-v2");
        Instant started = Instant.now();
        try (LanguageModel model = load(); AppliedEdit edit = amend.edits().apply(SAVED.resolve("rome-v1"), model)) {
            amend.edits().save(edit, again);
        }
        EditManifest before = amend.edits().manifest(SAVED.resolve("rome-v1"));
        EditManifest manifest = amend.edits().manifest(again);
        assertThat(manifest.version()).isEqualTo(EditManifest.VERSION).isEqualTo(3);
        assertThat(manifest.editedFingerprint()).isEqualTo(ROME_EDITED);
        assertThat(manifest.deltas()).isEqualTo(before.deltas());
        assertThat(manifest.requests()).isEqualTo(before.requests());
        assertProvenance(manifest.provenance(), before.provenance().hparams(), 0, started);
        assertAppliesAndCloses(again, ROME_EDITED);
    }

    @Test
    void aNewEditRecordsItsProvenanceAndSeedAndLoadsTheSame() throws IOException {
        Path saved = temp.resolve("grace");
        Instant started = Instant.now();
        try (LanguageModel model = load();
             Editor editor = amend.editor("grace", amend.hparams().preset(amend.providers().method("grace"), "toy"),
                     model, amend.context(7, Progress.NONE));
             AppliedEdit edit = editor.edit(List.of(REQUEST)).edit()) {
            amend.edits().save(edit, saved);
        }
        EditManifest manifest = amend.edits().manifest(saved);
        assertThat(manifest.version()).isEqualTo(3);
        // label_means: EasyEdit's label of each entry (GRACE.py label_match compares the means of masked label rows)
        assertThat(manifest.integrity().tensors().keySet()).containsExactlyInAnyOrder("state.keys", "state.values",
                "state.radii", "state.labels", "state.label_means");
        assertProvenance(manifest.provenance(), amend.hparams().toTree(amend.hparams().preset(
                amend.providers().method("grace"), "toy")), 7, started);
        JsonNode file = JSON.readTree(saved.resolve("edit.json").toFile());
        assertThat(file.fieldNames()).toIterable().containsExactly("format", "version", "method", "provenance",
                "edited_fingerprint", "requests", "deltas", "tensors", "attributes", "integrity");
        assertThat(file.get("provenance").fieldNames()).toIterable().containsExactly("amend_version", "engine",
                "engine_version", "djl_version", "java_version", "base_fingerprint", "hparams", "seed", "device",
                "created");
        assertAppliesAndCloses(saved, BASE);
    }

    /** This process's versions, the toy model's base weights, {@code hparams}, {@code seed}, the CPU, made since. */
    private static void assertProvenance(Provenance p, JsonNode hparams, long seed, Instant since) {
        assertThat(p.amendVersion()).isEqualTo(AmendVersion.get()).isNotEqualTo("unknown");
        assertThat(p.engine()).isEqualTo("PyTorch");
        assertThat(p.engineVersion()).isEqualTo(Engine.getInstance().getVersion()).isNotBlank();
        assertThat(p.djlVersion()).isEqualTo(Engine.getDjlVersion());
        assertThat(p.javaVersion()).isEqualTo(System.getProperty("java.version"));
        assertThat(p.baseFingerprint()).isEqualTo(BASE);
        assertThat(p.hparams()).isEqualTo(hparams);
        assertThat(p.seed()).isEqualTo(seed);
        assertThat(p.device()).isEqualTo("cpu()");
        assertThat(Instant.parse(p.created())).isBetween(since, Instant.now());
    }

    /**
     * Applies the edit saved in {@code saved} to the toy model: the weights then have fingerprint {@code edited}, the
     * model answers the edit prompt with the target, and closing the edit restores the base weights bit for bit.
     */
    private void assertAppliesAndCloses(Path saved, String edited) throws IOException {
        try (LanguageModel model = load()) {
            assertThat(model.weights().fingerprint()).isEqualTo(BASE);
            assertThat(answer(model)).doesNotStartWith("fencing");
            try (AppliedEdit edit = amend.edits().apply(saved, model)) {
                assertThat(model.weights().fingerprint()).isEqualTo(edited);
                assertThat(answer(edit.model())).startsWith("fencing");
            }
            assertThat(model.weights().fingerprint()).isEqualTo(BASE);
            assertThat(answer(model)).doesNotStartWith("fencing");
        }
    }

    private LanguageModel load() throws IOException {
        return amend.models().load(TOY, LoadOptions.cpu());
    }

    /** The model's greedy continuation of the edit prompt, three tokens. */
    private static String answer(LanguageModel model) {
        int[] prompt = model.tokenizer().encode(REQUEST.filledPrompt(), true);
        return model.tokenizer().decode(model.generate(List.of(prompt), 3).get(0)).strip();
    }
}
