package dev.amend.cli.commands;

import static dev.amend.cli.AmendRun.amend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.amend.cli.Amend;
import dev.amend.cli.AmendRun;
import dev.amend.cli.AmendRun.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code amend edit} with counts out of range, an empty requests file, and a limit that stops the reading. */
class EditCommandInputTest {

    private static final String RECORD = "{\"subject\": \"Danielle Darrieux\", \"src\": \"What is the mother tongue "
            + "of Danielle Darrieux?\", \"alt\": \"English\", \"answers\": [\"French\"]}";

    @TempDir
    Path temp;

    private Result edit(Path requests, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("edit", "--model", AmendRun.TOY.toString(), "--method",
                "ft", "--preset", "toy", "--set", "num_steps=1", "--requests", requests.toString()));
        args.addAll(List.of(more));
        return amend(args.toArray(String[]::new));
    }

    @Test
    void countsBelowOneAreRefusedNamingTheOption() throws IOException {
        Path requests = Files.writeString(temp.resolve("r.jsonl"), RECORD + "\n");
        for (String[] option : List.of(new String[] {"--sequential", "0"}, new String[] {"--sequential", "-3"},
                new String[] {"--limit", "-1"}, new String[] {"--limit", "0"})) {
            Result result = edit(requests, option);
            assertThat(result.status()).as(String.join(" ", option)).isEqualTo(Amend.BAD_INPUT);
            assertThat(result.err()).contains("amend: error: " + option[0] + " " + option[1]
                    + ": expected a whole number of at least 1");
            assertThat(result.out()).doesNotContain("request");
        }
    }

    @Test
    void anEmptyRequestsFileIsRefused() throws IOException {
        Path empty = Files.writeString(temp.resolve("empty.json"), "");
        Result result = edit(empty);
        assertThat(result.status()).as(result.out()).isEqualTo(Amend.BAD_INPUT);
        assertThat(result.err()).contains("no requests in " + empty);
    }

    @Test
    void theLimitStopsReadingSoWhatFollowsItIsNeverRead() throws IOException {
        Path requests = Files.writeString(temp.resolve("r.jsonl"), RECORD + "\n" + "garbage " + "[".repeat(100_000));
        Result result = edit(requests, "--limit", "1");
        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out()).contains("ft on " + AmendRun.TOY + ", 1 request");
        Result all = edit(requests);
        assertThat(all.status()).isEqualTo(Amend.BAD_INPUT);
        assertThat(all.err()).contains(requests + ": record 1 (line 2): not valid JSON");
    }
}
