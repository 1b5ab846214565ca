package dev.amend.toolkit.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AtomicFiles#recoverFiles}: what a writer killed inside {@link AtomicFiles#write} left is removed. */
class StagingFilesRecoveryTest {

    @TempDir
    Path temp;

    @Test
    void theStagingFilesOfKilledWritesAreDeletedAndEverythingElseIsKept() throws IOException {
        Path report = temp.resolve("report.md");
        AtomicFiles.writeString(report, "whole");
        Files.writeString(temp.resolve(".report.md.writing-4711.tmp"), "half");   // what a kill mid-write leaves
        Files.writeString(temp.resolve(".figures.json.writing-99.tmp"), "{\"a\":");
        Files.writeString(temp.resolve(".hidden-but-mine"), "kept");
        Files.createDirectories(temp.resolve(".edit.writing-7"));   // a staging directory: recoverDirectory's to undo

        AtomicFiles.recoverFiles(temp);

        try (Stream<Path> left = Files.list(temp)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("report.md", ".hidden-but-mine", ".edit.writing-7");
        }
        assertThat(report).hasContent("whole");
    }

    @Test
    void aDirectoryThatDoesNotExistIsLeftAlone() throws IOException {
        AtomicFiles.recoverFiles(temp.resolve("never-written"));
        assertThat(temp.resolve("never-written")).doesNotExist();
    }
}
