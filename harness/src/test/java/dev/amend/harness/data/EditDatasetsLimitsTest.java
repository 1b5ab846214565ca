package dev.amend.harness.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amend.api.InvalidInputException;
import dev.amend.api.edit.EditRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile requests files: deep nesting, huge strings and numbers, emptiness; and reading stops at a limit. */
class EditDatasetsLimitsTest {

    private static final String RECORD = "{\"subject\": \"A\", \"src\": \"A is in\", \"alt\": \"B\", \"answers\": [\"C\"]}";

    @TempDir
    Path temp;

    private Path file(String json) throws IOException {
        return Files.writeString(temp.resolve("data.json"), json);
    }

    @Test
    void jsonNestedAHundredThousandDeepIsRefusedNamingTheFileTheRecordAndTheLimit() throws IOException {
        Path array = file("[".repeat(100_000));
        assertThatThrownBy(() -> EditDatasets.read(array)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(array + ": record 0 (line 1): ")
                .hasMessageContaining("nesting depth at most " + InputJson.MAX_NESTING_DEPTH);
        Path lines = file(RECORD + "\n{\"subject\": \"A\", \"src\": " + "[".repeat(100_000) + "\n");
        assertThatThrownBy(() -> EditDatasets.read(lines)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(lines + ": record 1 (line 2): ");
    }

    @Test
    void aHugeStringOrNumberIsRefusedNamingTheRecord() throws IOException {
        Path string = file("[" + RECORD + ", {\"subject\": \"A\", \"src\": \""
                + "x".repeat(InputJson.MAX_STRING_LENGTH + 1) + "\"}]");
        assertThatThrownBy(() -> EditDatasets.read(string)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(string + ": record 1 (line 1): ")
                .hasMessageContaining("strings at most " + InputJson.MAX_STRING_LENGTH);
        Path number = file("[{\"subject\": 1" + "0".repeat(10_000) + "}]");
        assertThatThrownBy(() -> EditDatasets.read(number)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(number + ": record 0 (line 1): ")
                .hasMessageContaining("numbers at most " + InputJson.MAX_NUMBER_LENGTH);
    }

    @Test
    void aRecordLargerThanTheLimitIsRefusedBeforeItIsReadWhole() throws IOException {
        Path file = file(RECORD + "\n{\"subject\": \"A\", \"src\": ["
                + "\"a\",".repeat((int) (InputJson.MAX_RECORD_BYTES / 4 + 100_000)) + "\"a\"]}\n");
        assertThatThrownBy(() -> EditDatasets.read(file)).isInstanceOf(InvalidInputException.class)
                .hasMessage(file + ": record 1 (line 2): larger than " + InputJson.MAX_RECORD_BYTES
                        + " bytes; expected one record of strings and short lists");
    }

    @Test
    void aFileWithoutRequestsIsRefused() throws IOException {
        for (String empty : List.of("", "  \n", "[]")) {
            Path file = file(empty);
            assertThatThrownBy(() -> EditDatasets.read(file)).isInstanceOf(InvalidInputException.class)
                    .hasMessage("no requests in " + file + ": expected a JSON array of records or one record a line");
        }
    }

    @Test
    void anMquakeRecordWithoutAListOfRewritesIsNamed() throws IOException {
        Path file = file("""
                {"requested_rewrite": [{"prompt": "{} is in", "subject": "A", "target_new": {"str": "B"},
                  "target_true": {"str": "C"}}]}
                {"requested_rewrite": {"prompt": "{} is in"}}
                {"questions": ["q"]}
                """);
        assertThatThrownBy(() -> EditDatasets.read(file)).isInstanceOf(InvalidInputException.class)
                .hasMessage(file + ": record 1: field 'requested_rewrite': expected a non-empty list of rewrites");
    }

    @Test
    void readingStopsAtTheLimitSoWhatFollowsIsNeverRead() throws IOException {
        Path file = file(RECORD + "\n" + RECORD + "\nnot json at all " + "[".repeat(100_000));
        List<EditRequest> two = EditDatasets.read(file, 2);
        assertThat(two).hasSize(2).allSatisfy(r -> assertThat(r.targetNew()).isEqualTo("B"));
        assertThatThrownBy(() -> EditDatasets.read(file, 3)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(file + ": record 2 (line 3): not valid JSON");
        assertThatThrownBy(() -> EditDatasets.read(file, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
