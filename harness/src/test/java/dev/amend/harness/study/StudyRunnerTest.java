package dev.amend.harness.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import dev.amend.api.InvalidInputException;
import dev.amend.api.Progress;
import dev.amend.registry.AmendRuntime;
import dev.amend.registry.AmendVersion;
import dev.amend.registry.Provenance;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner on the embedded toy model: resume, refusals before work, the weights fingerprint guard. */
class StudyRunnerTest {

    static final Path TOY = Path.of("..", "models", "toy").toAbsolutePath().normalize();

    @TempDir
    Path temp;

    private Path study(String name, String methods) throws IOException {
        return Files.writeString(temp.resolve(name + ".yaml"), "name: " + name + "\nmodels: [" + TOY + "]\n"
                + "datasets: [{path: " + TOY.resolve("data/zsre_mend_eval.json") + ", limit: 4}]\nmethods:\n"
                + methods);
    }

    private static final String GRID = """
              - {method: ft, preset: toy, modes: [single], overrides: [{num_steps: 3, norm_constraint: 1e-2}]}
              - {method: ft, preset: toy, modes: [batch, sequential], batch_size: 2, overrides: [{num_steps: 3}]}
            """;

    private static StudyRunner runner(AmendRuntime runtime) {
        return new StudyRunner(runtime, Progress.NONE, Map.of("amend", "test"));
    }

    @Test
    void anInterruptedStudyResumesWithoutRecomputingAndReportsTheSame() throws IOException {
        AmendRuntime runtime = AmendRuntime.create(null);
        StudySpec spec = StudySpec.read(study("grid", GRID));
        Path whole = temp.resolve("whole");
        ResultLog full = ResultLog.open(whole.resolve("rows.jsonl"));
        Instant started = Instant.now();
        StudyRunner.Summary first = runner(runtime).run(spec, full);
        assertThat(first).isEqualTo(new StudyRunner.Summary(3, 4 + 2 + 1, 0));
        assertThat(full.rows()).hasSize(12).allSatisfy(r -> {
            assertThat(r.setting().modelFingerprint()).hasSize(64);
            assertThat(r.setting().versions()).containsEntry("amend", "test").containsKeys("djl", "java");
            assertThat(r.setting().hparams().get("num_steps").asInt()).isEqualTo(3);
            assertThat(r.setting().seed()).isZero();
            assertThat(r.setting().device()).isEqualTo("cpu()");
            assertThat(r.cost().heapBytes()).isPositive();
            assertThat(r.cost().residentBytes()).as("read from /proc/self/status").isPositive();
            assertThat(r.semantics().get("reliability")).contains("teacher-forced");
            assertThat(r.semantics().keySet()).containsExactly("counterfact", "generalization", "locality",
                    "portability", "reliability");
            assertProvenance(r, started);
        });
        assertThat(full.rows()).filteredOn(r -> r.description().mode().equals("sequential")).hasSize(4)
                .allSatisfy(r -> {
                    // re-measured after each call that found it applied: requests 0-1 after calls 1 and 2
                    int index = r.scores().requestIndex();
                    assertThat(r.checkpoints()).extracting(SequenceCheckpoint::edits)
                            .containsExactlyElementsOf(index < 2 ? List.of(2, 4) : List.of(4));
                    assertThat(r.checkpoints().get(0).edits()).isEqualTo(r.call().edits());
                    assertThat(r.checkpoints().get(0).liveHeapBytes()).isPositive();
                    assertThat(r.checkpoints().get(0).liveArrays()).as("the model's weights at least")
                            .isGreaterThan(10);
                    assertThat(r.checkpoints().get(r.checkpoints().size() - 1).post()).isEqualTo(r.scores().post());
                    assertThat(r.call().edits()).isEqualTo(index < 2 ? 2 : 4);
                    assertThat(r.call().heapBytes()).isPositive();
                });
        assertThat(full.rows()).filteredOn(r -> !r.description().mode().equals("sequential"))
                .allSatisfy(r -> assertThat(r.call()).isNull());
        StudyReport.render(full.rows(), whole);

        // what a kill leaves: the first three units (single-mode requests 0-2) and half a line of the fourth
        List<String> lines = Files.readAllLines(whole.resolve("rows.jsonl"));
        Path cut = temp.resolve("cut");
        Files.createDirectories(cut);
        Files.write(cut.resolve("rows.jsonl"), lines.subList(0, 3));
        Files.writeString(cut.resolve("rows.jsonl"), lines.get(3).substring(0, 40), StandardOpenOption.APPEND);
        ResultLog resumed = ResultLog.open(cut.resolve("rows.jsonl"));
        assertThat(runner(runtime).run(spec, resumed)).isEqualTo(new StudyRunner.Summary(3, 4, 3));
        StudyReport.render(resumed.rows(), cut);
        for (String file : List.of("report.md", "results.csv", "bars-reliability.svg", "bars-locality.svg")) {
            assertThat(Files.readString(cut.resolve(file))).as(file).isEqualTo(Files.readString(whole.resolve(file)));
        }
        assertThat(Files.list(cut).filter(p -> p.getFileName().toString().startsWith("curve-"))).hasSize(1);
        assertThat(Files.list(cut).map(p -> p.getFileName().toString()).filter(n -> n.startsWith("memory-")))
                .hasSize(2).allMatch(n -> n.endsWith(".csv") || n.endsWith(".svg"));
        assertThat(Files.readString(whole.resolve("report.md"))).contains("- locality: on each locality probe");
        try (var memory = Files.list(whole).filter(p -> p.getFileName().toString().matches("memory-.*\\.csv"))) {
            List<String> trace = Files.readAllLines(memory.findFirst().orElseThrow());
            assertThat(trace).hasSize(3).first().isEqualTo("edits,heap_mib,resident_mib,live_heap_mib,live_arrays");
            assertThat(trace.get(2)).startsWith("4,").doesNotEndWith(",");
        }
        assertThat(Files.readAllLines(whole.resolve("efficiency.csv"))).hasSize(4).first().asString()
                .isEqualTo("cell,label,apply_seconds,evaluate_seconds,peak_heap_mib,peak_resident_mib");
        assertThat(runner(runtime).run(spec, resumed)).as("a finished study runs nothing")
                .isEqualTo(new StudyRunner.Summary(3, 0, 7));

        // two shards, as two worker processes run them (here one after the other), into one log: the same rows
        StudySpec twoWorkers = StudySpec.read(Files.writeString(study("grid", GRID), "devices: [cpu, cpu]\n",
                StandardOpenOption.APPEND));
        StudyRunner.Plan plan = runner(runtime).check(twoWorkers);
        assertThat(plan.devices().devices()).hasSize(2);
        Path parallel = temp.resolve("parallel");
        ResultLog.open(parallel.resolve("rows.jsonl"));
        ResultLog shared = ResultLog.attach(parallel.resolve("rows.jsonl"));
        assertThat(runner(runtime).run(plan, shared, new StudyRunner.Shard(1, 2)))
                .isEqualTo(new StudyRunner.Summary(1, 2, 0));   // cell 1: the batch cell, 2 units of 2
        assertThat(runner(runtime).run(plan, shared, new StudyRunner.Shard(0, 2)))
                .isEqualTo(new StudyRunner.Summary(2, 5, 0));
        StudyReport.render(shared.rows(), parallel);
        for (String file : List.of("report.md", "results.csv")) {
            assertThat(Files.readString(parallel.resolve(file))).as(file).isEqualTo(Files.readString(whole.resolve(file)));
        }
    }

    /** A study's metrics choice and a sequential cell re-measured every few calls. */
    @Test
    void chosenMetricsAndCheckpointsEveryFewCalls() throws IOException {
        String methods = "  - {method: ft, preset: toy, modes: [sequential], checkpoint_every: 3, "
                + "overrides: [{num_steps: 2}]}\n";
        StudySpec spec = StudySpec.read(Files.writeString(study("every", methods), "metrics: [reliability, fluency]\n",
                StandardOpenOption.APPEND));
        ResultLog log = ResultLog.open(temp.resolve("every/rows.jsonl"));
        runner(AmendRuntime.create(null)).run(spec, log);
        assertThat(log.rows()).hasSize(4).allSatisfy(r -> {
            assertThat(r.scores().post().keySet()).containsExactly("reliability", "fluency");
            assertThat(r.checkpoints()).extracting(SequenceCheckpoint::edits)
                    .containsExactlyElementsOf(r.scores().requestIndex() < 3 ? List.of(3, 4) : List.of(4));
            assertThat(r.description().checkpointEvery()).isEqualTo(3);
            assertThat(r.description().metrics()).containsExactly("reliability", "fluency");
        });
        StudySpec unknown = StudySpec.read(Files.writeString(study("unknown", methods), "metrics: [fluency, fluent]\n",
                StandardOpenOption.APPEND));
        assertThatThrownBy(() -> runner(AmendRuntime.create(null)).check(unknown))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("fluent")
                .hasMessageContaining("counterfact");
    }

    /** What produced a row: this Amend, the engine, the unit's weights, hparams, seed, device and end time. */
    private static void assertProvenance(StudyRow r, Instant started) {
        Provenance p = r.provenance();
        assertThat(p.amendVersion()).isEqualTo(AmendVersion.get()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(p.engine()).isEqualTo("PyTorch");
        assertThat(p.engineVersion()).isEqualTo(Engine.getInstance().getVersion()).isNotBlank();
        assertThat(p.djlVersion()).isEqualTo(r.setting().versions().get("djl")).isEqualTo(Engine.getDjlVersion());
        assertThat(p.javaVersion()).isEqualTo(System.getProperty("java.version"));
        assertThat(p.baseFingerprint()).isEqualTo(r.setting().modelFingerprint());
        assertThat(p.hparams()).isEqualTo(r.setting().hparams());
        assertThat(p.seed()).isZero();
        assertThat(p.device()).isEqualTo("cpu()");
        assertThat(Instant.parse(p.created())).isBetween(started, Instant.now());
    }

    @Test
    void aStudyResumedOnRowsWrittenBeforeTheyWereRecordsSkipsEveryUnit() throws IOException {
        Path fixture = Path.of("src/test/resources/dev/amend/harness/study/before-provenance");
        Path rows = Files.copy(fixture.resolve("rows.jsonl"), temp.resolve("rows.jsonl"));
        StudySpec spec = StudySpec.read(fixture.resolve("study.yaml"));
        assertThat(runner(AmendRuntime.create(null)).run(spec, ResultLog.open(rows)))
                .as("single: 3 units, batch 2: 2 units, sequential: 1 unit; all found done")
                .isEqualTo(new StudyRunner.Summary(3, 0, 6));
        assertThat(rows).hasSameTextualContentAs(fixture.resolve("rows.jsonl"));
    }

    @Test
    void aModeTheMethodLacksIsRefusedBeforeAnyWork() throws IOException {
        Path rows = temp.resolve("rows.jsonl");
        Files.writeString(rows, "{\"cell\":\"earlier\",\"unit\":0}\n");
        StudySpec spec = StudySpec.read(study("refused", GRID + "  - {method: kn, preset: toy, modes: [batch]}\n"));
        assertThatThrownBy(() -> runner(AmendRuntime.create(null)).run(spec, ResultLog.open(rows)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("kn toy batch 1: kn cannot run in batch mode (no BATCH capability");
        assertThat(Files.readString(rows)).as("earlier results intact, nothing added")
                .isEqualTo("{\"cell\":\"earlier\",\"unit\":0}\n");
    }

    @Test
    void aCellThatLeavesTheWeightsChangedStopsTheStudy() throws IOException {
        Path services = temp.resolve("plugin/META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve("dev.amend.api.edit.EditMethodProvider"),
                LeakyFtProvider.class.getName() + "\n");
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {temp.resolve("plugin").toUri().toURL()}, before)) {
            thread.setContextClassLoader(loader);
            AmendRuntime runtime = AmendRuntime.create(null);
            StudySpec spec = StudySpec.read(study("leaky", "  - {method: leaky-ft, modes: [single], overrides: "
                    + "[{layers: [0], rewrite_module_tmp: \"transformer.h.{}.mlp.c_proj\", num_steps: 2, "
                    + "norm_constraint: 1e-2}]}\n"));
            assertThatThrownBy(() -> runner(runtime).run(spec, ResultLog.open(temp.resolve("rows.jsonl"))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("leaky-ft defaults single")
                    .hasMessageContaining("left the weights of " + TOY + " changed");
        } finally {
            thread.setContextClassLoader(before);
        }
    }
}
