package dev.amend.toolkit.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole-or-nothing writes of files and directories. */
class AtomicFilesTest {

    @TempDir
    Path temp;

    private static long entries(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    @Test
    void aFileIsReplacedWholeAndNoStagingFileIsLeft() throws IOException {
        Path file = temp.resolve("report.md");
        AtomicFiles.writeString(file, "first");
        AtomicFiles.writeString(file, "second");
        assertThat(Files.readString(file)).isEqualTo("second");
        assertThat(entries(temp)).isEqualTo(1);
    }

    @Test
    void aFailedWriteLeavesTheFileAsItWas() throws IOException {
        Path file = temp.resolve("rows.csv");
        AtomicFiles.writeString(file, "kept");
        assertThatThrownBy(() -> AtomicFiles.write(file, staging -> {
            Files.writeString(staging, "half");
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(Files.readString(file)).isEqualTo("kept");
        assertThat(entries(temp)).isEqualTo(1);
    }

    @Test
    void aDirectoryIsSwappedInWholeAndAFailedWriteKeepsTheOldOne() throws IOException {
        Path dir = temp.resolve("edit");
        AtomicFiles.replaceDirectory(dir, staging -> Files.writeString(staging.resolve("a.txt"), "one"));
        AtomicFiles.replaceDirectory(dir, staging -> Files.writeString(staging.resolve("b.txt"), "two"));
        assertThat(dir.resolve("a.txt")).doesNotExist();
        assertThat(Files.readString(dir.resolve("b.txt"))).isEqualTo("two");
        assertThatThrownBy(() -> AtomicFiles.replaceDirectory(dir, staging -> {
            Files.writeString(staging.resolve("c.txt"), "three");
            throw new IOException("killed");
        })).hasMessage("killed");
        assertThat(Files.readString(dir.resolve("b.txt"))).isEqualTo("two");
        assertThat(dir.resolve("c.txt")).doesNotExist();
        assertThat(entries(temp)).as("no staging or aside directory left").isEqualTo(1);
    }

    @Test
    void recoveryPutsBackTheOldDirectoryAKillLeftAsideAndDropsStagings() throws IOException {
        Path dir = temp.resolve("checkpoint");
        Files.createDirectories(temp.resolve(".checkpoint.replaced"));
        Files.writeString(temp.resolve(".checkpoint.replaced").resolve("state.json"), "{}");
        Files.createDirectories(temp.resolve(".checkpoint.writing-123"));
        AtomicFiles.recoverDirectory(dir);
        assertThat(dir.resolve("state.json")).hasContent("{}");
        assertThat(entries(temp)).isEqualTo(1);
    }
}
