package dev.amend.cli.commands;

import static dev.amend.cli.AmendRun.amend;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.amend.api.edit.EditState;
import dev.amend.api.edit.WeightDelta;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.api.model.WeightKind;
import dev.amend.api.model.WeightSite;
import dev.amend.cli.Amend;
import dev.amend.cli.AmendRun;
import dev.amend.cli.AmendRun.Result;
import dev.amend.registry.AmendRuntime;
import dev.amend.registry.EditedModels;
import dev.amend.testkit.HandedEdit;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saved edits and output directories as a careless or hostile user hands them to {@code amend edit --save},
 * {@code apply-edit}, {@code inspect --edit} and {@code revert}: exit 2 with a message naming the file and what was
 * expected, never an internal error, nothing written; and a rerun after a kill cleans up what the killed run left.
 */
class SavedEditInputTest {

    private static final Path TOY = AmendRun.TOY.toAbsolutePath().normalize();
    private static final String PROMPT = ". safa gusag competes in";
    private static final AmendRuntime RUNTIME = AmendRuntime.create(null);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path temp;

    static Path ft;
    static Path grace;

    @BeforeAll
    static void saveEdits() {
        ft = temp.resolve("ft");
        grace = temp.resolve("grace");
        Result saved = edit("ft", ft, "--set", "num_steps=5");
        assertThat(saved.status()).as(saved.err()).isZero();
        saved = edit("grace", grace);
        assertThat(saved.status()).as(saved.err()).isZero();
    }

    private static Result edit(String method, Path save, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("edit", "--model", TOY.toString(), "--method", method,
                "--preset", "toy", "--prompt", PROMPT, "--subject", "safa gusag", "--target", "fencing",
                "--save", save.toString()));
        args.addAll(List.of(more));
        return amend(args.toArray(String[]::new));
    }

    @Test
    void deltasForASiteTheModelDoesNotHaveAreRefusedWithExit2() throws IOException {
        Path elsewhere = temp.resolve("ft-elsewhere");
        handOver(ft, elsewhere, state -> {
            WeightDelta.Dense d = (WeightDelta.Dense) state.deltas().get(0);
            return HandedEdit.withDeltas(state, List.of(new WeightDelta.Dense(
                    WeightSite.decoder(99, WeightKind.MLP_OUT_PROJ), d.delta())));
        });
        Path out = temp.resolve("out-elsewhere");
        Result refused = amend("apply-edit", elsewhere.toString(), "--model", TOY.toString(), "--out", out.toString());
        assertThat(refused.status()).as(refused.err()).isEqualTo(Amend.BAD_INPUT);
        assertThat(refused.err()).contains(elsewhere.resolve("edit.json") + ": delta 0 changes "
                + "decoder.99.mlp_out_proj, a weight site this model does not have").doesNotContain("internal error");
        assertThat(out).doesNotExist();
    }

    @Test
    void aGraceEditWhoseKeysHaveTheWrongShapeIsRefusedWithExit2() throws IOException {
        Path narrow = temp.resolve("grace-narrow-keys");
        handOver(grace, narrow, state -> {
            Map<String, NDArray> tensors = new LinkedHashMap<>(state.tensors());
            NDArray keys = tensors.get("keys");
            tensors.put("keys", keys.get(":, :10"));
            return HandedEdit.withTensors(state, tensors);
        });
        Result refused = amend("inspect", "--model", TOY.toString(), "--edit", narrow.toString(), "--text", PROMPT);
        assertThat(refused.status()).as(refused.err()).isEqualTo(Amend.BAD_INPUT);
        assertThat(refused.err()).contains(narrow + ": GRACE state tensor 'keys' has shape (1, 10), expected "
                + "(1, 1024) (entries, the layer's key width)").doesNotContain("internal error");
    }

    @Test
    void aGraceEditWithATamperedRadiusIsRefusedByItsDigest() throws IOException {
        Path tampered = temp.resolve("grace-wide");
        copy(grace, tampered);
        Path tensors = tampered.resolve("deltas.safetensors");
        setFloat64(tensors, "state.radii", 1e300);
        Result refused = amend("inspect", "--model", TOY.toString(), "--edit", tampered.toString(),
                "--text", "The capital of France is");
        assertThat(refused.status()).as(refused.out()).isEqualTo(Amend.BAD_INPUT);
        assertThat(refused.err()).contains(tensors + ": tensor 'state.radii' has SHA-256 ")
                .contains("the file was changed after it was saved");
        assertThat(refused.out()).doesNotContain("fencing");
    }

    @Test
    void outputsThatCannotBeWrittenAreRefusedBeforeAnyWork() throws IOException {
        Path file = Files.writeString(temp.resolve("a-file"), "not a directory");
        Path under = file.resolve("out");
        Result applied = amend("apply-edit", ft.toString(), "--model", TOY.toString(), "--out", under.toString());
        assertThat(applied.status()).as(applied.err()).isEqualTo(Amend.BAD_INPUT);
        assertThat(applied.err()).contains(under + " cannot be written: " + file + " is not a directory");

        Result saved = edit("ft", under, "--set", "num_steps=5");
        assertThat(saved.status()).as(saved.err()).isEqualTo(Amend.BAD_INPUT);
        assertThat(saved.err()).contains(under + " cannot be written: " + file + " is not a directory");
        assertThat(saved.out()).as("refused before the model was loaded").isEmpty();
    }

    @Test
    void saveToAnExistingDirectoryIsRefusedBeforeTheEditIsComputed() throws IOException {
        byte[] before = Files.readAllBytes(ft.resolve("edit.json"));
        Result refused = edit("ft", ft, "--set", "num_steps=5");
        assertThat(refused.status()).as(refused.err()).isEqualTo(Amend.BAD_INPUT);
        assertThat(refused.err()).contains(ft + " already exists and is not empty");
        assertThat(refused.out()).as("no edit computed, no generations shown").isEmpty();
        assertThat(Files.readAllBytes(ft.resolve("edit.json"))).isEqualTo(before);
    }

    @Test
    void aRerunCleansUpWhatAKilledApplyEditOrRevertLeft() throws IOException {
        Path edited = temp.resolve("killed");
        Files.createDirectories(temp.resolve(".killed.writing-1234").resolve("amend-edit"));
        Files.writeString(temp.resolve(".killed.writing-1234").resolve("model.safetensors"), "half");
        Result applied = amend("apply-edit", ft.toString(), "--model", TOY.toString(), "--out", edited.toString());
        assertThat(applied.status()).as(applied.err()).isZero();
        assertThat(hidden("killed")).as("the staging directory of the killed apply-edit is gone").isEmpty();

        // revert in place killed between moving the edited model aside and moving the restored one in
        Files.move(edited, temp.resolve(".killed.replaced"));
        Files.createDirectories(temp.resolve(".killed.writing-5678"));
        Files.writeString(temp.resolve(".killed.writing-5678").resolve("config.json"), "{");
        Result reverted = amend("revert", edited.toString());
        assertThat(reverted.status()).as(reverted.err()).isZero();
        assertThat(hidden("killed")).as("nothing hidden left beside the model").isEmpty();
        assertThat(edited.resolve(EditedModels.EDIT_DIR)).doesNotExist();
        assertThat(fingerprint(edited)).isEqualTo(fingerprint(TOY));
    }

    @Test
    void revertNamesTheBaseModelOnlyOnceCheckedAndRefusesARecordThatIsNotOne() throws IOException {
        Path edited = temp.resolve("moved-base");
        assertThat(amend("apply-edit", ft.toString(), "--model", TOY.toString(), "--out", edited.toString())
                .status()).isZero();
        Path record = edited.resolve(EditedModels.EDIT_DIR).resolve("applied.json");
        ObjectNode applied = (ObjectNode) JSON.readTree(record.toFile());
        String base = applied.get("base_model").asText();
        assertThat(base).isEqualTo(TOY.toString());

        Result checked = amend("revert", edited.toString(), "--out", temp.resolve("restored-1").toString());
        assertThat(checked.status()).as(checked.err()).isZero();
        assertThat(checked.out()).contains("= the base model's (" + TOY + ", checked), bit for bit");

        applied.put("base_model", "/nowhere/base");
        JSON.writeValue(record.toFile(), applied);
        Result moved = amend("revert", edited.toString(), "--out", temp.resolve("restored-2").toString());
        assertThat(moved.status()).as(moved.err()).isZero();
        assertThat(moved.out()).doesNotContain("the base model's (")
                .contains("not checked: /nowhere/base does not exist (any more)");
        assertThat(fingerprint(temp.resolve("restored-2"))).isEqualTo(fingerprint(TOY));

        applied.put("base_model", "relative/base\u001b[2J");
        JSON.writeValue(record.toFile(), applied);
        Result refused = amend("revert", edited.toString(), "--out", temp.resolve("restored-3").toString());
        assertThat(refused.status()).isEqualTo(Amend.BAD_INPUT);
        assertThat(refused.err()).contains(record + ": 'base_model' must be the absolute path of the base model "
                + "directory, got 'relative/base?[2J'");
        assertThat(temp.resolve("restored-3")).doesNotExist();
    }

    @Test
    void aRealKillNineWhileWritingLeavesNothingThatARerunDoesNotCleanUp() throws Exception {
        Path edited = temp.resolve("k9");
        Process apply = child("apply-edit", ft.toString(), "--model", TOY.toString(), "--out", edited.toString());
        killOnceStaging(apply, "k9");
        Result rerun = amend("apply-edit", ft.toString(), "--model", TOY.toString(), "--out", edited.toString());
        assertThat(rerun.status() == 0 || rerun.err().contains("already exists and is not empty"))
                .as("a complete output, or a rerun that wrote it: " + rerun.err()).isTrue();
        assertThat(hidden("k9")).isEmpty();
        assertThat(edited.resolve(EditedModels.EDIT_DIR).resolve("applied.json")).isRegularFile();

        Process revert = child("revert", edited.toString());
        killOnceStaging(revert, "k9");
        Result again = amend("revert", edited.toString());
        assertThat(again.status() == 0 || again.err().contains("is not an edited model"))
                .as("reverted now, or by the killed run before the kill: " + again.err()).isTrue();
        assertThat(hidden("k9")).isEmpty();
        assertThat(fingerprint(edited)).isEqualTo(fingerprint(TOY));
    }

    /** {@code amend args} in another JVM. */
    private static Process child(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                Amend.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Kills {@code process} with SIGKILL as soon as its staging directory for {@code name} appears (or it ends). */
    private static void killOnceStaging(Process process, String name) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(3);
        while (process.isAlive() && System.nanoTime() < deadline
                && hidden(name).stream().noneMatch(n -> n.startsWith("." + name + ".writing-"))) {
            Thread.sleep(2);
        }
        process.destroyForcibly();
        assertThat(process.waitFor(1, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
    }

    /** Saves {@code from}'s edit as {@code change} makes it, with the digests of what is then saved. */
    private static void handOver(Path from, Path to, java.util.function.UnaryOperator<EditState> change)
            throws IOException {
        try (LanguageModel model = RUNTIME.models().load(TOY, LoadOptions.cpu());
             NDManager m = NDManager.newBaseManager()) {
            RUNTIME.edits().save(new HandedEdit(model, change.apply(RUNTIME.edits().read(from, m))), to);
        }
    }

    /** Overwrites the one float64 value of tensor {@code name} in a safetensors file, as a hex editor would. */
    private static void setFloat64(Path file, String name, double value) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        JsonNode header = JSON.readTree(new String(bytes, 8, (int) headerLength, java.nio.charset.StandardCharsets.UTF_8));
        int at = 8 + (int) headerLength + header.get(name).get("data_offsets").get(0).asInt();
        ByteBuffer.wrap(bytes, at, 8).order(ByteOrder.LITTLE_ENDIAN).putDouble(value);
        Files.write(file, bytes);
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    private static List<String> hidden(String name) throws IOException {
        try (Stream<Path> siblings = Files.list(temp)) {
            return siblings.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("." + name)).toList();
        }
    }

    private static String fingerprint(Path dir) throws IOException {
        try (LanguageModel model = RUNTIME.models().load(dir, LoadOptions.cpu())) {
            return model.weights().fingerprint();
        }
    }
}
