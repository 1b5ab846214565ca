package dev.amend.harness.study;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultLogTest {

    /** Rows that the code before rows were records wrote: single, batch and sequential cells. */
    static final Path BEFORE = Path.of("src/test/resources/dev/amend/harness/study/before-provenance");

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void appendsWholeUnitsAndCutsATornLastLineOnOpen() throws IOException {
        List<StudyRow> rows = ResultLog.read(BEFORE.resolve("rows.jsonl"));
        Path file = temp.resolve("rows.jsonl");
        ResultLog log = ResultLog.open(file);
        log.append(rows.subList(0, 2));
        log.append(rows.subList(2, 3));
        Files.writeString(file, "{\"cell\":\"c\",\"un", StandardOpenOption.APPEND);   // a kill mid-write
        assertThat(ResultLog.read(file)).hasSize(3);
        ResultLog reopened = ResultLog.open(file);
        assertThat(Files.readString(file)).endsWith("}\n");
        reopened.append(rows.subList(3, 4));
        assertThat(reopened.rows()).extracting(r -> r.place().unit()).containsExactly(0, 1, 2, 0);
        assertThat(reopened.rows()).isEqualTo(rows.subList(0, 4));
    }

    @Test
    void rowsWrittenBeforeTheyWereRecordsReadAndWriteBackFieldForField() throws IOException {
        List<String> lines = Files.readAllLines(BEFORE.resolve("rows.jsonl"));
        List<StudyRow> rows = ResultLog.read(BEFORE.resolve("rows.jsonl"));
        assertThat(rows).hasSize(9);
        for (int i = 0; i < rows.size(); i++) {
            JsonNode written = JSON.readTree(JSON.writeValueAsString(rows.get(i)));
            assertThat(written).as("row %d", i).isEqualTo(JSON.readTree(lines.get(i)));
        }
        StudyRow sequential = rows.get(6);
        assertThat(sequential.description().mode()).isEqualTo("sequential");
        assertThat(sequential.description().checkpointEvery()).isEqualTo(2);
        assertThat(sequential.call().edits()).isEqualTo(1);
        assertThat(sequential.checkpoints()).extracting(SequenceCheckpoint::edits).containsExactly(2, 3);
        assertThat(sequential.provenance()).as("not recorded then").isNull();
    }

    @Test
    void fieldsALaterVersionAddsAreSkipped() throws IOException {
        String line = Files.readAllLines(BEFORE.resolve("rows.jsonl")).get(0);
        Path file = Files.writeString(temp.resolve("rows.jsonl"), line.replaceFirst("\\{", "{\"added_later\":[1,2],")
                + "\n");
        assertThat(ResultLog.read(file)).containsExactlyElementsOf(ResultLog.read(BEFORE.resolve("rows.jsonl"))
                .subList(0, 1));
    }
}
