package dev.amend.harness.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amend.api.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Study files that would write outside {@code runs/} or run a cell twice. */
class StudySpecRefusalsTest {

    private static final String GRID = "models: [m]\ndatasets: [{path: d.json}]\n";

    @TempDir
    Path temp;

    private Path write(String yaml) throws IOException {
        return Files.writeString(temp.resolve("study.yaml"), yaml);
    }

    @Test
    void aNameThatIsNotASimpleFileNameIsRefused() throws IOException {
        for (String name : List.of("../../evil", "a/b", "..", ".hidden", "/tmp/x", "a\\\\b", "x".repeat(101))) {
            Path file = write("name: \"" + name + "\"\n" + GRID + "methods: [{method: rome, modes: [single]}]\n");
            assertThatThrownBy(() -> StudySpec.read(file)).as(name).isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith(file + ": the study.name must be a simple file name")
                    .hasMessageContaining("got '" + name.replace("\\\\", "\\") + "'");
        }
        assertThat(StudySpec.read(write("name: paper-table_2.v1\n" + GRID
                + "methods: [{method: rome, modes: [single]}]\n")).name()).isEqualTo("paper-table_2.v1");
    }

    @Test
    void aStudyFileOverAMegabyteIsRefusedUnread() throws IOException {
        Path file = write("name: s\n" + GRID + "methods: [{method: rome, modes: [single]}]\n" + "#".repeat(2 << 20));
        assertThatThrownBy(() -> StudySpec.read(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(file + ": " + Files.size(file) + " bytes: expected a study file of at most "
                        + "1048576 bytes");
    }

    @Test
    void aCellListedTwiceIsRefusedNamingBothPlaces() throws IOException {
        Path twice = write("name: s\n" + GRID + """
                methods:
                  - {method: rome, preset: toy, modes: [single, batch], batch_size: 2}
                  - {method: ft, preset: toy, modes: [single]}
                  - {method: rome, preset: toy, modes: [single]}
                """);
        assertThatThrownBy(() -> StudySpec.read(twice)).isInstanceOf(InvalidInputException.class)
                .hasMessage(twice + ": cell 3 (rome toy single on m × d.json, from methods[2]) repeats cell 0 (from "
                        + "methods[0]): every cell of the grid must differ; remove the repeat");
        Path overrides = write("name: s\n" + GRID + "methods: [{method: ft, modes: [single], "
                + "overrides: [{num_steps: 3}, {}, {num_steps: 3}]}]\n");
        assertThatThrownBy(() -> StudySpec.read(overrides)).hasMessageContaining(
                "cell 2 (ft defaults single {\"num_steps\":3} on m × d.json, from methods[0].overrides[2]) repeats "
                        + "cell 0 (from methods[0].overrides[0])");
        Path models = write("name: s\nmodels: [m, m]\ndatasets: [{path: d.json}]\n"
                + "methods: [{method: ft, modes: [single]}]\n");
        assertThatThrownBy(() -> StudySpec.read(models)).hasMessageContaining("cell 1 (ft defaults single on m × "
                + "d.json, from methods[0]) repeats cell 0");
    }
}
