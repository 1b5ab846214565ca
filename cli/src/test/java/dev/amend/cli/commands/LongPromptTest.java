package dev.amend.cli.commands;

import static dev.amend.cli.AmendRun.amend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.amend.cli.AmendRun;
import dev.amend.cli.AmendRun.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A prompt longer than the model's positions is bad input (exit 2) in inspect, edit, a requests file and a study,
 * naming the prompt, its length in tokens and the model's limit, and for a file the request; nothing is edited.
 */
class LongPromptTest {

    private static final String LONG = ". safa gusag competes in fencing".repeat(320);   // 10,240 characters
    private static final String LIMIT = "tokens long; gpt2 takes at most 64 tokens";

    @TempDir
    Path temp;

    private static Path toy() {
        return AmendRun.TOY.toAbsolutePath().normalize();
    }

    private static void assertRefused(Result result, String... fragments) {
        assertThat(result.status()).as(result.err()).isEqualTo(2);
        assertThat(result.err()).startsWith("amend: error: ").doesNotContain("Exception").doesNotContain("\tat ")
                .contains(LIMIT).contains(fragments);
    }

    @Test
    void inspectAndEditRefuseALongCommandLinePrompt() {
        assertRefused(amend("inspect", "--model", toy().toString(), "--text", LONG), "input \". safa gusag competes");
        assertRefused(amend("edit", "--model", toy().toString(), "--method", "rome", "--preset", "toy",
                "--prompt", LONG, "--subject", "safa gusag", "--target", "hockey"), "prompt \". safa gusag competes");
    }

    @Test
    void aRequestsFileNamesTheRequest() throws IOException {
        Path requests = Files.writeString(temp.resolve("requests.json"), "["
                + "{\"src\": \". safa gusag competes in\", \"subject\": \"safa gusag\", \"alt\": \"fencing\"},"
                + "{\"src\": \"" + LONG + "\", \"subject\": \"safa gusag\", \"alt\": \"hockey\"}]");
        assertRefused(amend("edit", "--model", toy().toString(), "--method", "ft", "--preset", "toy",
                "--set", "num_steps=1", "--requests", requests.toString()),
                requests + ": request 1 (0-based, in file order): prompt");
    }

    @Test
    void aStudyNamesTheDatasetAndTheRequestBeforeAnyCellRuns() throws IOException {
        Path requests = Files.writeString(temp.resolve("long.json"),
                "[{\"src\": \"" + LONG + "\", \"subject\": \"safa gusag\", \"alt\": \"hockey\"}]");
        Path study = Files.writeString(temp.resolve("long.yaml"), "name: long\nmodels: [" + toy()
                + "]\ndatasets: [{path: " + requests + "}]\nmethods:\n"
                + "  - {method: ft, preset: toy, modes: [single], overrides: [{num_steps: 1}]}\n");
        Path out = temp.resolve("out");
        Result result = amend("study", study.toString(), "--out", out.toString());
        assertRefused(result, requests + ": request 0 (0-based, in file order): prompt");
        assertThat(out.resolve("rows.jsonl")).satisfiesAnyOf(
                rows -> assertThat(rows).doesNotExist(), rows -> assertThat(rows).isEmptyFile());
    }
}
