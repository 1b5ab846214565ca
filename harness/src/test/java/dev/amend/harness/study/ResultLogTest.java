package dev.amend.harness.study;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private static ObjectNode row(int i) {
        return JSON.createObjectNode().put("cell", "c").put("unit", i);
    }

    @Test
    void appendsWholeUnitsAndCutsATornLastLineOnOpen() throws IOException {
        Path file = temp.resolve("rows.jsonl");
        ResultLog log = ResultLog.open(file);
        log.append(List.of(row(0), row(0)));
        log.append(List.of(row(1)));
        Files.writeString(file, "{\"cell\":\"c\",\"un", StandardOpenOption.APPEND);   // a kill mid-write
        assertThat(ResultLog.read(file)).hasSize(3);
        ResultLog reopened = ResultLog.open(file);
        assertThat(Files.readString(file)).endsWith("\"unit\":1}\n");
        reopened.append(List.of(row(2)));
        assertThat(reopened.rows()).extracting(r -> r.get("unit").asInt()).containsExactly(0, 0, 1, 2);
    }
}
