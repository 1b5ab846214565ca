package dev.amend.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amend.api.HParams;
import dev.amend.api.Progress;
import dev.amend.api.edit.EditCapability;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.api.model.TokenBatch;
import dev.amend.cli.Amend;
import dev.amend.cli.AmendRun;
import dev.amend.harness.HParamsChoice;
import dev.amend.harness.data.EditDatasets;
import dev.amend.registry.AmendRuntime;
import dev.amend.registry.EditOutcome;
import dev.amend.registry.Editor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An edit made and saved here, loaded by another JVM ({@code amend inspect --edit}; for weight edits also
 * {@code amend apply-edit}, then {@code amend inspect} on the model it writes): the same logits on every probe, bit for
 * bit. Closing the edit here gives the base logits exactly, and {@code amend revert} there the base weights. Every
 * memory-based and trained method is held to it.
 */
class SavedEditsInANewProcessTest {

    private static final Path TOY = AmendRun.TOY.toAbsolutePath().normalize();

    @TempDir
    Path temp;

    /**
     * The toy presets name their data relative to the checkout's root, and tests run in the module's: the training
     * split, for WISE the corpus its whitening statistics come from (fewer samples, cached in the test's folder), and
     * the trained archives of SERAC and MEND.
     */
    private Map<String, String> dataOverrides(String method) {
        String train = TOY.resolve("data/zsre_mend_train.json").toString();
        return switch (method) {
            case "wise" -> Map.of("loc_data", train, "mom2_dataset", TOY.resolve("data/corpus.txt").toString(),
                    "mom2_n_samples", "2000", "stats_dir", temp.resolve("stats").toString());
            case "ike" -> Map.of("train_data", train);
            case "serac", "mend" -> Map.of("archive", TOY.resolve(method).toString());
            default -> Map.of();
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"lora", "grace", "wise", "ike", "serac", "mend"})
    void anotherProcessSeesTheSameEditAndRevertGivesTheBaseBack(String method) throws Exception {
        AmendRuntime runtime = AmendRuntime.create(null);
        EditRequest request = EditDatasets.read(TOY.resolve("data/zsre_mend_eval.json")).get(0);
        List<String> probes = new ArrayList<>(List.of(request.filledPrompt(), request.rephrasePrompts().get(0)));
        request.localityProbes().values().forEach(group -> group.forEach(p -> probes.add(p.prompt())));
        HParams h = HParamsChoice.configure(runtime.hparams(), runtime.providers().method(method), null, "toy",
                dataOverrides(method));
        Path saved = temp.resolve("edit");
        float[][] base;
        float[][] edited;
        String baseFingerprint;
        try (LanguageModel model = runtime.models().load(TOY, LoadOptions.cpu())) {
            baseFingerprint = model.weights().fingerprint();
            base = lastLogits(model, probes);
            try (Editor editor = runtime.editor(method, h, model, runtime.context(0, Progress.NONE),
                    List.of("reliability"))) {
                EditOutcome outcome = editor.edit(List.of(request));
                edited = lastLogits(outcome.edit().model(), probes);
                runtime.edits().save(outcome.edit(), saved);
                outcome.edit().close();
            }
            assertThat(lastLogits(model, probes)).as("closed: the base logits exactly").isEqualTo(base);
        }
        assertThat(edited[0]).as("the edit changes what the model says").isNotEqualTo(base[0]);

        for (int i = 0; i < probes.size(); i++) {
            assertThat(inspectedLogits("--model", TOY.toString(), "--edit", saved.toString(), "--text", probes.get(i)))
                    .as("probe '" + probes.get(i) + "' with the saved edit in another JVM").containsExactly(edited[i]);
        }
        if (!runtime.providers().method(method).capabilities().has(EditCapability.WEIGHT_DELTA)) {
            return;   // a run-time edit writes no model: apply-edit refuses it (ApplyAndRevertCommandTest)
        }
        Path written = temp.resolve("written");
        assertThat(amend("apply-edit", saved.toString(), "--model", TOY.toString(), "--out", written.toString()))
                .contains("wrote " + written);
        for (int i = 0; i < probes.size(); i++) {
            assertThat(inspectedLogits("--model", written.toString(), "--text", probes.get(i)))
                    .as("probe '" + probes.get(i) + "' on the written model in another JVM").containsExactly(edited[i]);
        }
        amend("revert", written.toString());
        try (LanguageModel reverted = runtime.models().load(written, LoadOptions.cpu())) {
            assertThat(reverted.weights().fingerprint()).isEqualTo(baseFingerprint);
        }
    }

    /** The last position's logits that {@code amend inspect ARGS --json} prints. */
    private float[] inspectedLogits(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("inspect"));
        command.addAll(List.of(args));
        command.add("--json");
        JsonNode logits = new ObjectMapper().readTree(amend(command.toArray(String[]::new))).get("logits");
        JsonNode last = logits.get(logits.size() - 1);
        float[] there = new float[last.size()];
        for (int v = 0; v < there.length; v++) {
            there[v] = last.get(v).floatValue();
        }
        return there;
    }

    /** The logits after each prompt's last token. */
    private static float[][] lastLogits(LanguageModel model, List<String> prompts) {
        float[][] out = new float[prompts.size()][];
        try (NDManager scratch = NDManager.newBaseManager(model.spec().device())) {
            for (int i = 0; i < prompts.size(); i++) {
                int[] ids = model.tokenizer().encode(prompts.get(i), true);
                out[i] = model.forward(scratch, TokenBatch.of(ids)).logits(0).get(ids.length - 1).toFloatArray();
            }
        }
        return out;
    }

    /** Runs Amend in a JVM of its own and returns what it printed; fails on a non-zero exit. */
    private String amend(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                Amend.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(temp, "out", ".txt");
        Path err = Files.createTempFile(temp, "err", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("amend " + args[0] + " finished").isTrue();
        assertThat(process.exitValue()).as(Files.readString(err)).isZero();
        return Files.readString(out);
    }
}
