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

class StudySpecTest {

    @TempDir
    Path temp;

    private Path write(String yaml) throws IOException {
        return Files.writeString(temp.resolve("study.yaml"), yaml);
    }

    @Test
    void readsTheGridAndExpandsModesTimesOverrides() throws IOException {
        Path file = write("""
                name: s
                seed: 3
                models: [m1, m2]
                datasets:
                  - {path: d.json, limit: 5}
                methods:
                  - {method: memit, preset: toy, modes: [batch, sequential], batch_size: 2}
                  - {method: ft, preset: toy, modes: [single], overrides: [{}, {num_steps: 5}]}
                """);
        StudySpec spec = StudySpec.read(file);
        assertThat(spec.seed()).isEqualTo(3);
        List<StudyCell> grid = StudyCell.grid(spec);
        assertThat(grid).hasSize(8);   // 2 models × (2 modes + 2 overrides)
        assertThat(grid).extracting(StudyCell::label).startsWith("memit toy batch 2", "memit toy sequential 2",
                "ft toy single", "ft toy single {\"num_steps\":5}");
        assertThat(grid.get(0).id()).isNotEqualTo(grid.get(4).id()).hasSize(12);
        assertThat(StudyCell.grid(StudySpec.read(file)).get(1).id()).as("stable across reads")
                .isEqualTo(grid.get(1).id());
        assertThat(spec.metrics()).as("absent: the metrics on by default").isNull();
        assertThat(StudyCell.grid(StudySpec.read(write(Files.readString(file) + "metrics: [reliability]\n"))).get(1)
                .id()).as("a metrics choice is part of what a cell computes").isNotEqualTo(grid.get(1).id());
    }

    @Test
    void errorsNameTheFileTheFieldAndWhatWasExpected() throws IOException {
        String base = "name: s\nmodels: [m]\ndatasets: [{path: d.json}]\n";
        assertThatThrownBy(() -> StudySpec.read(write(base + "methods: [{method: rome, modes: [solo]}]\n")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("study.yaml: methods[0]: unknown mode 'solo' (modes: [single, batch, sequential])");
        assertThatThrownBy(() -> StudySpec.read(write(base + "methods: [{method: rome, modes: [single], bs: 2}]\n")))
                .hasMessageContaining("study.yaml: methods[0] has an unknown key 'bs'");
        assertThatThrownBy(() -> StudySpec.read(write(base + "methods: [{method: rome, modes: [batch], "
                + "batch_size: 0}]\n"))).hasMessageContaining("methods[0].batch_size must be at least 1, got 0");
        assertThatThrownBy(() -> StudySpec.read(write("name: s\nmodels: [m]\nmethods: [{method: rome, modes: [single]}]\n")))
                .hasMessageContaining("study.yaml: the study needs 'datasets': a non-empty list");
        assertThatThrownBy(() -> StudySpec.read(write(base + "methods: [{modes: [single]}]\n")))
                .hasMessageContaining("methods[0] is missing 'method'");
        assertThatThrownBy(() -> StudySpec.read(write(base + "methods: [{method: rome, modes: [sequential], "
                + "checkpoint_every: 0}]\n"))).hasMessageContaining("methods[0].checkpoint_every must be at least 1, got 0");
        assertThatThrownBy(() -> StudySpec.read(write(base + "metrics: reliability\n"
                + "methods: [{method: rome, modes: [single]}]\n")))
                .hasMessageContaining("study.yaml: the study needs 'metrics': a non-empty list");
        assertThatThrownBy(() -> StudySpec.read(write("name: [unclosed\n")))
                .hasMessageContaining("study.yaml: not a readable YAML study");
    }
}
