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
        assertThat(Files.readAllLines(whole.resolve("efficiency.csv"))).hasSize(4).first().asString()
                .isEqualTo("cell,label,apply_seconds,evaluate_seconds,peak_heap_mib,peak_resident_mib");
        assertThat(runner(runtime).run(spec, resumed)).as("a finished study runs nothing")
                .isEqualTo(new StudyRunner.Summary(3, 0, 7));
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
