package dev.amend.cli.commands;

import static dev.amend.cli.AmendRun.amend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.amend.cli.Amend;
import dev.amend.cli.AmendRun.Result;
import dev.amend.cli.AmendRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code amend edit --sequential}: FT-L on the embedded toy model, 4 edits 2 per call, curve written. */
class SequentialEditTest {

    @TempDir
    Path temp;

    @Test
    void reMeasuresEveryEditSoFarAfterEachCallAndWritesTheCurve() throws IOException {
        Result result = amend("edit", "--model", AmendRun.TOY.toString(),
                "--method", "ft", "--preset", "toy", "--set", "num_steps=5", "--requests",
                AmendRun.TOY.resolve("data/zsre_mend_sequential.json").toString(), "--limit", "4",
                "--sequential", "2", "--curve", temp.toString());
        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out()).contains("sequential editing: 2 requests per call")
                .containsPattern("\\n +1 +2 +[0-9.]+ +[0-9.]+ / [0-9.]+ / [0-9.]+\\n")
                .containsPattern("\\n +2 +4 +[0-9.]+ ")
                .contains("metrics of all 4 edits at the end")
                .containsPattern("locality +100\\.0 ");
        List<String> csv = Files.readAllLines(temp.resolve("curve.csv"));
        assertThat(csv).hasSize(3);
        assertThat(csv.get(0)).isEqualTo("edits,apply_seconds,reliability,generalization,locality");
        assertThat(csv.get(1)).startsWith("2,");
        assertThat(csv.get(2)).startsWith("4,");
        assertThat(Files.readString(temp.resolve("curve.svg"))).contains("<polyline").contains(">locality</text>");
    }

    @Test
    void aMethodThatEditsOneRequestPerCallIsRefusedBatchesBeforeAnyWork() {
        Result result = amend("edit", "--model", temp.resolve("no-model-needed").toString(),
                "--method", "rome", "--preset", "toy", "--requests",
                AmendRun.TOY.resolve("data/zsre_mend_sequential.json").toString(), "--limit", "4",
                "--sequential", "2");
        assertThat(result.status()).isEqualTo(Amend.BAD_INPUT);
        assertThat(result.err()).contains("rome edits one request per apply call (no BATCH capability): use "
                + "--sequential 1");
    }
}
