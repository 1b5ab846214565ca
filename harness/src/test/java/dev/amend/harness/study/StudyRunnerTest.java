package dev.amend.harness.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amend.api.InvalidInputException;
import dev.amend.api.Progress;
import dev.amend.registry.AmendRuntime;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
        StudyRunner.Summary first = runner(runtime).run(spec, full);
        assertThat(first).isEqualTo(new StudyRunner.Summary(3, 4 + 2 + 1, 0));
        assertThat(full.rows()).hasSize(12).allSatisfy(r -> {
            assertThat(r.get("model_fingerprint").asText()).hasSize(64);
            assertThat(r.get("versions").get("amend").asText()).isEqualTo("test");
            assertThat(r.get("hparams").get("num_steps").asInt()).isEqualTo(3);
            assertThat(r.get("seed").asLong()).isZero();
            assertThat(r.get("heap_bytes").asLong()).isPositive();
            assertThat(r.get("resident_bytes").asLong()).as("read from /proc/self/status").isPositive();
            assertThat(r.get("semantics").get("reliability").asText()).contains("teacher-forced");
            assertThat(r.get("semantics").fieldNames()).toIterable().containsExactly("counterfact", "generalization",
                    "locality", "portability", "reliability");
        });
        assertThat(full.rows()).filteredOn(r -> r.get("mode").asText().equals("sequential")).hasSize(4)
                .allSatisfy(r -> {
                    // re-measured after each call that found it applied: requests 0-1 after calls 1 and 2
                    assertThat(r.get("checkpoints")).hasSize(r.get("request_index").asInt() < 2 ? 2 : 1);
                    assertThat(r.get("checkpoints").findValues("edits").get(0).asInt()).isEqualTo(
                            r.get("call").get("edits").asInt());
                    assertThat(r.get("checkpoints").get(0).get("live_heap_bytes").asLong()).isPositive();
                    assertThat(r.get("checkpoints").get(0).get("live_arrays").asInt()).as("the model's weights at least")
                            .isGreaterThan(10);
                    assertThat(r.get("call").get("edits").asInt())
                            .isEqualTo(r.get("request_index").asInt() < 2 ? 2 : 4);
                });
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
            assertThat(r.get("post").fieldNames()).toIterable().containsExactly("reliability", "fluency");
            assertThat(r.get("checkpoints").findValues("edits")).map(e -> e.asInt())
                    .containsExactlyElementsOf(r.get("request_index").asInt() < 3 ? List.of(3, 4) : List.of(4));
            assertThat(r.get("checkpoint_every").asInt()).isEqualTo(3);
        });
        StudySpec unknown = StudySpec.read(Files.writeString(study("unknown", methods), "metrics: [fluency, fluent]\n",
                StandardOpenOption.APPEND));
        assertThatThrownBy(() -> runner(AmendRuntime.create(null)).check(unknown))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("fluent")
                .hasMessageContaining("counterfact");
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
