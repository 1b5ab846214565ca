package dev.amend.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.cli.AmendProcess.Exit;
import dev.amend.registry.AmendRuntime;
import dev.amend.registry.EditedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every writer killed with SIGKILL at random moments (seeded, drawn across its measured run time) and at one moment
 * that matters (while it writes): afterwards its target is complete and valid, or absent (for a resumable writer: a
 * state it resumes from, every file in it whole), the base model is unchanged, nothing is written outside the
 * requested output, and the same command run again cleans up and succeeds. {@code -Dcrash.kills=N} random kills per
 * writer (default 1), {@code -Dcrash.seed=S}.
 */
class CrashSafetyIT {

    private static final int KILLS = Integer.getInteger("crash.kills", 1);
    private static final long SEED = Long.getLong("crash.seed", 20261207L);
    private static final long RUN_LIMIT_S = 300;
    private static final String PROMPT = ". safa gusag competes in";
    private static final int STUDY_REQUESTS = 3;
    private static final AmendRuntime RUNTIME = AmendRuntime.create(null);
    private static final List<String> FIGURES = new ArrayList<>();

    @TempDir
    static Path scratch;

    static Path toy;
    static Path work;
    static Path inputs;
    static Map<String, String> toySums;
    static String baseFingerprint;

    /** What the kill left: the complete target, none, a state to resume from, or something broken. */
    enum Outcome { COMPLETE, ABSENT, RESUMABLE, INVALID }

    /** One writer: its command on a target, and how to recognise its complete target and a resumable state. */
    private record Writer(String name, Function<Path, List<String>> command, Judge complete, Judge resumable,
                          List<Judge> writing, Prepare prepare) {}

    @FunctionalInterface
    private interface Judge {
        boolean test(Path target) throws Exception;
    }

    @FunctionalInterface
    private interface Prepare {
        void target(Path target) throws Exception;
    }

    @BeforeAll
    static void scratchCopyOfTheToyModel() throws IOException {
        toy = Files.createDirectories(scratch.resolve("toy"));
        for (String file : List.of("config.json", "tokenizer.json", "model.safetensors")) {
            Files.copy(AmendRun.TOY.resolve(file), toy.resolve(file));
        }
        work = Files.createDirectories(scratch.resolve("cwd"));
        inputs = Files.createDirectories(scratch.resolve("inputs"));
        toySums = WrittenFiles.checksums(toy);
        try (LanguageModel model = RUNTIME.models().load(toy, LoadOptions.cpu())) {
            baseFingerprint = model.weights().fingerprint();
        }
    }

    @AfterAll
    static void printFigures() {
        System.out.println("crash-safety figures (seed " + SEED + ", " + KILLS + " random kills per writer, "
                + "then one at each moment that matters):");
        FIGURES.forEach(line -> System.out.println("  " + line));
    }

    @Test
    void editSave() throws Exception {
        exercise(new Writer("edit --save", CrashSafetyIT::editCommand, CrashSafetyIT::savedEditApplies,
                target -> false, List.of(CrashSafetyIT::stagingBeside), target -> {}));
    }

    @Test
    void applyEdit() throws Exception {
        Path edit = savedEdit();
        String edited = editedFingerprint(edit);
        exercise(new Writer("apply-edit", target -> List.of("apply-edit", edit.toString(), "--model", toy.toString(),
                "--out", target.toString()), target -> editedModel(target, edited), target -> false,
                List.of(CrashSafetyIT::stagingBeside), target -> {}));
    }

    @Test
    void revert() throws Exception {
        Path edit = savedEdit();
        String edited = editedFingerprint(edit);
        Path editedModel = inputs.resolve("edited");
        if (!Files.exists(editedModel)) {
            assertThat(AmendRun.amend("apply-edit", edit.toString(), "--model", toy.toString(), "--out",
                    editedModel.toString()).status()).isZero();
        }
        exercise(new Writer("revert", target -> List.of("revert", target.toString()),
                target -> !Files.exists(target.resolve(EditedModels.EDIT_DIR))
                        && baseFingerprint.equals(fingerprint(target)),
                target -> editedModel(target, edited), List.of(CrashSafetyIT::stagingBeside),
                target -> copyTree(editedModel, target)));
    }

    @Test
    void studyRowsAndReport() throws Exception {
        Path study = Files.writeString(inputs.resolve("crash.yaml"), "name: crash\nmodels: [" + toy + "]\n"
                + "datasets: [{path: " + AmendRun.TOY.resolve("data/zsre_mend_eval.json").toAbsolutePath().normalize()
                + ", limit: " + STUDY_REQUESTS + "}]\nmethods:\n"
                + "  - {method: ft, preset: toy, modes: [single], overrides: [{num_steps: 1}]}\n");
        exercise(new Writer("study", target -> List.of("study", study.toString(), "--out", target.toString()),
                target -> WrittenFiles.lines(target.resolve("rows.jsonl")) == STUDY_REQUESTS
                        && Files.exists(target.resolve("report.md")),
                target -> !Files.exists(target.resolve("report.md")),
                List.of(target -> WrittenFiles.lines(target.resolve("rows.jsonl")) > 0, CrashSafetyIT::hasHidden),
                target -> {}));
    }

    @Test
    void trainerCheckpoints() throws Exception {
        Path hparams = Files.writeString(inputs.resolve("mend.yaml"), Files.readString(
                Path.of("..", "examples", "trainers", "mend-toy.yaml"))
                .replace("max_iters: 500", "max_iters: 6").replace("checkpoint_every: 100", "checkpoint_every: 2")
                .replace("model_name: models/toy", "model_name: " + toy));
        Path data = AmendRun.TOY.resolve("data/zsre_mend_train.json").toAbsolutePath().normalize();
        exercise(new Writer("train (mend)", target -> List.of("train", "--trainer", "mend", "--hparams",
                hparams.toString(), "--data", data.toString(), "--out", target.toString()),
                target -> Files.exists(target.resolve("mend.json")) && Files.exists(target.resolve("mend.safetensors"))
                        && !Files.exists(target.resolve("checkpoint")),
                target -> true,
                List.of(CrashSafetyIT::hasHidden, target -> Files.exists(target.resolve("mend.safetensors"))),
                target -> {}));
    }

    @Test
    void seracTrainerArchive() throws Exception {
        Path hparams = Files.writeString(inputs.resolve("serac.yaml"), Files.readString(
                Path.of("..", "examples", "trainers", "serac-toy.yaml"))
                .replace("cls_name: runs/toy-2l128", "cls_name: " + toy)
                .replace("small_name: runs/toy-4l128", "small_name: " + toy)
                .replace("max_iters: 600", "max_iters: 4").replace("checkpoint_every: 100", "checkpoint_every: 2")
                .replace("batch_size: 16", "batch_size: 4").replace("val_records: 100", "val_records: 2"));
        Path data = AmendRun.TOY.resolve("data/zsre_mend_train.json").toAbsolutePath().normalize();
        exercise(new Writer("train (serac)", target -> List.of("train", "--trainer", "serac", "--hparams",
                hparams.toString(), "--data", data.toString(), "--out", target.toString()),
                target -> Files.exists(target.resolve("serac.json"))
                        && !Files.exists(target.resolve("checkpoint-classifier"))
                        && !Files.exists(target.resolve("checkpoint-replacement")),
                target -> true,
                List.of(target -> Files.exists(target.resolve("classifier")),
                        target -> Files.exists(target.resolve("serac.json"))),
                target -> {}));
    }

    @Test
    void toyPretraining() throws Exception {
        exercise(new Writer("pretrain-toy", target -> List.of("pretrain-toy", "--out", target.toString(),
                "--set", "layers=1", "--set", "hidden=32", "--set", "heads=2", "--set", "steps=4", "--set",
                "batch_size=8", "--set", "row_length=32", "--set", "warmup_steps=1", "--set", "late_mix_from=2",
                "--set", "checkpoint_every=2", "--set", "eval_every=4"),
                target -> Files.exists(target.resolve("README.md")) && Files.exists(target.resolve("figures.json"))
                        && !Files.exists(target.resolve("checkpoint")) && loads(target),
                target -> true,
                List.of(target -> Files.exists(target.resolve("data/world.json")),
                        target -> Files.exists(target.resolve("figures.json"))),
                target -> {}));
    }

    /** The baseline run, then the kills, each followed by the checks and, when needed, the rerun. */
    private void exercise(Writer writer) throws Exception {
        Path dir = Files.createDirectories(scratch.resolve(writer.name().replaceAll("[^a-z]+", "-")));
        Path baseline = dir.resolve("baseline");
        writer.prepare().target(baseline);
        long started = System.nanoTime();
        Exit first = AmendProcess.run(work, dir.resolve("baseline.log"), writer.command().apply(baseline), RUN_LIMIT_S);
        long runMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(first.status()).as(first.err()).isZero();
        assertThat(writer.complete().test(baseline)).as("the uninterrupted run's target is complete").isTrue();
        TreeSet<String> expectedFiles = WrittenFiles.visibleFiles(baseline);

        Random random = new Random(SEED ^ writer.name().hashCode());
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        List<String> failures = new ArrayList<>();
        int reruns = 0;
        int rerunsSucceeded = 0;
        int finishedFirst = 0;
        int kills = KILLS + writer.writing().size();
        for (int i = 0; i < kills; i++) {
            boolean whileWriting = i >= KILLS;
            Path target = dir.resolve("kill-" + i);
            writer.prepare().target(target);
            Process process = AmendProcess.start(work, dir.resolve(target.getFileName() + ".log"),
                    writer.command().apply(target));
            String moment;
            if (whileWriting) {
                waitUntil(process, writer.writing().get(i - KILLS), target, runMillis * 3 + 60_000);
                moment = "while writing (" + (i - KILLS) + ")";
            } else {
                long delay = (long) (random.nextDouble() * runMillis);
                process.waitFor(delay, TimeUnit.MILLISECONDS);
                moment = "at " + delay + " ms of " + runMillis;
            }
            if (!process.isAlive()) {
                finishedFirst++;
            }
            AmendProcess.kill(process);
            Outcome outcome = judge(writer, target, expectedFiles, failures, moment);
            outcomes.merge(outcome, 1, Integer::sum);
            checkBaseAndSurroundings(dir, failures, "kill " + i);
            if (outcome != Outcome.COMPLETE) {
                reruns++;
                Exit again = AmendProcess.run(work, dir.resolve(target.getFileName() + ".rerun.log"),
                        writer.command().apply(target), RUN_LIMIT_S);
                if (again.status() == 0 && judge(writer, target, expectedFiles, failures, "rerun " + i)
                        == Outcome.COMPLETE) {
                    rerunsSucceeded++;
                } else {
                    failures.add("kill " + i + " (" + moment + "): the rerun failed with exit " + again.status() + ": "
                            + again.err().lines().limit(3).toList());
                }
                checkBaseAndSurroundings(dir, failures, "rerun " + i);
            }
            List<String> leftovers = WrittenFiles.hiddenEntries(target);
            try (Stream<Path> siblings = Files.list(dir)) {
                siblings.filter(WrittenFiles::hidden)
                        .filter(p -> p.getFileName().toString().startsWith("." + target.getFileName() + "."))
                        .forEach(p -> leftovers.add(p.getFileName().toString()));
            }
            if (!leftovers.isEmpty()) {
                failures.add("kill " + i + " (" + moment + "): staging left behind after "
                        + (outcome == Outcome.COMPLETE ? "the kill" : "the rerun") + ": " + leftovers);
            }
        }
        String figures = String.format("%-13s run %5d ms; %d kills (%d after it had finished): %s; reruns %d/%d "
                        + "succeeded; %d failures", writer.name(), runMillis, kills, finishedFirst, outcomes,
                rerunsSucceeded, reruns, failures.size());
        FIGURES.add(figures);
        System.out.println(figures);
        failures.forEach(f -> System.out.println("    " + writer.name() + ": " + f));
        assertThat(failures).as(writer.name()).isEmpty();
    }

    private static Outcome judge(Writer writer, Path target, Set<String> expectedFiles, List<String> failures,
                                 String moment) throws Exception {
        if (WrittenFiles.visibleFiles(target).isEmpty()) {   // nothing, or only hidden staging the rerun removes
            return Outcome.ABSENT;
        }
        List<String> broken = WrittenFiles.brokenFiles(target);
        if (!broken.isEmpty()) {
            failures.add(moment + ": files not whole: " + broken);
            return Outcome.INVALID;
        }
        if (writer.complete().test(target)) {
            TreeSet<String> files = WrittenFiles.visibleFiles(target);
            if (files.equals(expectedFiles)) {
                return Outcome.COMPLETE;
            }
            failures.add(moment + ": complete but its files differ from the uninterrupted run's: " + files);
            return Outcome.INVALID;
        }
        if (writer.resumable().test(target)) {
            return Outcome.RESUMABLE;
        }
        failures.add(moment + ": neither complete nor absent: " + WrittenFiles.visibleFiles(target));
        return Outcome.INVALID;
    }

    /** The base model is bit for bit as it was, the working directory empty, and the scratch root holds no more. */
    private static void checkBaseAndSurroundings(Path writerDir, List<String> failures, String when)
            throws IOException {
        if (!WrittenFiles.checksums(toy).equals(toySums)) {
            failures.add(when + ": the base model's files changed");
        }
        try (Stream<Path> written = Files.list(work)) {
            List<String> names = written.map(p -> p.getFileName().toString()).toList();
            if (!names.isEmpty()) {
                failures.add(when + ": written into the working directory: " + names);
            }
        }
        try (Stream<Path> entries = Files.list(writerDir)) {
            entries.map(p -> p.getFileName().toString())
                    .filter(n -> !n.matches("\\.?(baseline|kill-\\d+)([.].*)?"))
                    .forEach(n -> failures.add(when + ": written outside the requested output: " + n));
        }
    }

    private static void waitUntil(Process process, Judge condition, Path target, long limitMillis) throws Exception {
        long deadline = System.nanoTime() + limitMillis * 1_000_000;
        while (process.isAlive() && System.nanoTime() < deadline && !condition.test(target)) {
            Thread.sleep(1);
        }
    }

    private static List<String> editCommand(Path target) {
        return List.of("edit", "--model", toy.toString(), "--method", "ft", "--preset", "toy", "--set", "num_steps=2",
                "--prompt", PROMPT, "--subject", "safa gusag", "--target", "fencing", "--save", target.toString());
    }

    /** An edit saved once (in this JVM) for the writers that read one. */
    private static synchronized Path savedEdit() {
        Path edit = inputs.resolve("edit");
        if (!Files.exists(edit)) {
            AmendRun.Result saved = AmendRun.amend(editCommand(edit).toArray(String[]::new));
            assertThat(saved.status()).as(saved.err()).isZero();
        }
        return edit;
    }

    private static String editedFingerprint(Path edit) throws IOException {
        return RUNTIME.edits().manifest(edit).editedFingerprint();
    }

    private static boolean savedEditApplies(Path target) throws IOException {
        try (LanguageModel model = RUNTIME.models().load(toy, LoadOptions.cpu());
             AppliedEdit applied = RUNTIME.edits().apply(target, model)) {
            return applied.state().deltas().size() == 1;
        }
    }

    private static boolean editedModel(Path target, String editedFingerprint) throws IOException {
        return Files.exists(target.resolve(EditedModels.EDIT_DIR).resolve("applied.json"))
                && editedFingerprint.equals(fingerprint(target));
    }

    private static boolean loads(Path target) throws IOException {
        try (LanguageModel model = RUNTIME.models().load(target, LoadOptions.cpu())) {
            return !model.weights().trainableParameters().isEmpty();
        }
    }

    private static String fingerprint(Path dir) throws IOException {
        try (LanguageModel model = RUNTIME.models().load(dir, LoadOptions.cpu())) {
            return model.weights().fingerprint();
        }
    }

    private static boolean stagingBeside(Path target) throws IOException {
        try (Stream<Path> siblings = Files.list(target.getParent())) {
            return siblings.anyMatch(p -> p.getFileName().toString().startsWith("." + target.getFileName() + "."));
        }
    }

    private static boolean hasHidden(Path target) throws IOException {
        return !WrittenFiles.hiddenEntries(target).isEmpty();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path copy = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(p, copy);
                }
            }
        }
    }
}
