package dev.amend.cli.commands;

import static dev.amend.cli.AmendRun.amend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.amend.cli.Amend;
import dev.amend.cli.AmendRun.Result;
import dev.amend.cli.AmendRun;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code amend study} killed with SIGKILL mid-run, then run again; {@code amend report}; bad input. */
class StudyCommandTest {

    private static final int REQUESTS = 8;

    @TempDir
    Path temp;

    private Path study() throws IOException {
        Path toy = AmendRun.TOY.toAbsolutePath().normalize();
        return Files.writeString(temp.resolve("small.yaml"), "name: small\nmodels: [" + toy + "]\ndatasets: [{path: "
                + toy.resolve("data/zsre_mend_eval.json") + ", limit: " + REQUESTS + "}]\nmethods:\n"
                + "  - {method: ft, preset: toy, modes: [single], overrides: [{num_steps: 3}]}\n"
                + "  - {method: ft, preset: toy, modes: [sequential], batch_size: 4, overrides: [{num_steps: 3}]}\n");
    }

    @Test
    void aStudyKilledWithSigkillResumesAndReportsWhatAnUninterruptedRunReports() throws Exception {
        Path file = study();
        Path killed = temp.resolve("killed");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), Amend.class.getName(), "study",
                file.toString(), "--out", killed.toString())
                .redirectOutput(temp.resolve("killed.out").toFile()).redirectError(temp.resolve("killed.err").toFile())
                .start();
        Path rows = killed.resolve("rows.jsonl");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (process.isAlive() && lines(rows) < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(process.isAlive()).as("still running when killed: " + Files.readString(temp.resolve("killed.err")))
                .isTrue();
        process.destroyForcibly();   // SIGKILL on Linux
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long done = lines(rows);
        assertThat(done).isGreaterThanOrEqualTo(3).isLessThan(REQUESTS);

        Result resumed = amend("study", file.toString(), "--out", killed.toString());
        assertThat(resumed.status()).as(resumed.err()).isZero();
        Matcher counts = Pattern.compile("(\\d+) units run now, (\\d+) found done").matcher(resumed.out());
        assertThat(counts.find()).isTrue();
        int ran = Integer.parseInt(counts.group(1));
        int skipped = Integer.parseInt(counts.group(2));
        assertThat(skipped).as("single-mode units found done").isGreaterThanOrEqualTo((int) done);
        assertThat(ran + skipped).isEqualTo(REQUESTS + 1);

        Path whole = temp.resolve("whole");
        Result uninterrupted = amend("study", file.toString(), "--out", whole.toString());
        assertThat(uninterrupted.status()).as(uninterrupted.err()).isZero();
        assertThat(uninterrupted.out()).contains((REQUESTS + 1) + " units run now, 0 found done");
        Result report = amend("report", killed.toString());
        assertThat(report.status()).as(report.err()).isZero();
        for (String name : List.of("report.md", "results.csv", "bars-reliability.svg", "bars-generalization.svg",
                "bars-locality.svg")) {
            assertThat(Files.readString(killed.resolve(name))).as(name).isEqualTo(Files.readString(whole.resolve(name)));
        }
        assertThat(Files.readAllLines(killed.resolve("rows.jsonl"))).hasSize(2 * REQUESTS);

        // two device slots: one worker process per slot, both appending to one log
        Path twoSlots = Files.writeString(temp.resolve("two.yaml"), Files.readString(file) + "devices: [cpu, cpu]\n");
        Path parallel = temp.resolve("parallel");
        Result workers = amend("study", twoSlots.toString(), "--out", parallel.toString());
        assertThat(workers.status()).as(workers.err()).isZero();
        assertThat(workers.out()).contains("2 workers, one process per device slot [cpu(), cpu()]");
        for (String name : List.of("report.md", "results.csv")) {
            assertThat(Files.readString(parallel.resolve(name))).as(name).isEqualTo(Files.readString(whole.resolve(name)));
        }
    }

    @Test
    void aMalformedStudyExitsWithTwoNamingTheFieldAndLeavesEarlierRowsAlone() throws IOException {
        Path out = temp.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("rows.jsonl"), "{\"cell\":\"x\",\"unit\":0}\n");
        Path bad = Files.writeString(temp.resolve("bad.yaml"), "name: bad\nmodels: [m]\ndatasets: [{path: d.json}]\n"
                + "methods: [{method: rome, modes: [single], batch: 2}]\n");
        Result result = amend("study", bad.toString(), "--out", out.toString());
        assertThat(result.status()).isEqualTo(Amend.BAD_INPUT);
        assertThat(result.err()).contains("bad.yaml: methods[0] has an unknown key 'batch'");
        assertThat(Files.readString(out.resolve("rows.jsonl"))).isEqualTo("{\"cell\":\"x\",\"unit\":0}\n");

        Path unknown = Files.writeString(temp.resolve("unknown.yaml"), "name: u\nmodels: ["
                + AmendRun.TOY + "]\ndatasets: [{path: " + AmendRun.TOY
                + "/data/zsre_mend_eval.json}]\nmethods: [{method: rome2, modes: [single]}]\n");
        Result unknownMethod = amend("study", unknown.toString(), "--out", out.toString());
        assertThat(unknownMethod.status()).isEqualTo(Amend.BAD_INPUT);
        assertThat(unknownMethod.err()).contains("rome2").contains("rome");
        assertThat(out.resolve("study.yaml")).as("nothing written for a study that cannot run").doesNotExist();

        Result notAStudy = amend("report", temp.resolve("nothing").toString());
        assertThat(notAStudy.status()).isEqualTo(Amend.BAD_INPUT);
        assertThat(notAStudy.err()).contains("holds no rows.jsonl");
    }

    private static long lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        return Files.readString(file).chars().filter(c -> c == '\n').count();
    }
}
