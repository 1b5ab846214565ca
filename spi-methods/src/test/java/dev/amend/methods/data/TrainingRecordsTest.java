package dev.amend.methods.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amend.api.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A ZsRE split read as EasyEdit's ZsreDataset keeps it (records with an empty alt left out) and as is. */
class TrainingRecordsTest {

    private static final String RECORD = "{\"subject\": \"%s\", \"src\": \"%s is in\", \"alt\": \"%s\", "
            + "\"rephrase\": \"%s lies in\", \"loc\": \"nq question: who\", \"loc_ans\": \"me\"}";

    @Test
    void recordsWithAnEmptyAltAreLeftOutAsEasyEditsZsreDatasetDoes(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("train.json");
        Files.writeString(file, "[" + String.format(RECORD, "Rome", "Rome", "Italy", "Rome") + ", "
                + String.format(RECORD, "Oslo", "Oslo", "", "Oslo") + "]");
        assertThat(TrainingRecords.readAsZsreDataset(file, "train_data")).extracting(TrainingRecords.TrainingRecord::prompt)
                .containsExactly("Rome is in");
        assertThatThrownBy(() -> TrainingRecords.read(file, "train_data")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("record 1 field alt");
    }
}
