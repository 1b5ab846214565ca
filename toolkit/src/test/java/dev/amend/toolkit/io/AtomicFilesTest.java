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

    @Test
    void recoveryDropsTheOldDirectoryLeftAsideWhenAKillCameAfterTheNewOneWasMovedIn() throws IOException {
        Path dir = temp.resolve("model");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("new.txt"), "new");
        Files.createDirectories(temp.resolve(".model.replaced"));
        Files.writeString(temp.resolve(".model.replaced").resolve("old.txt"), "old");
        AtomicFiles.recoverDirectory(dir);
        assertThat(dir.resolve("new.txt")).hasContent("new");
        assertThat(entries(temp)).as("the stale aside directory is gone").isEqualTo(1);
    }

    @Test
    void aNewOutputIsCheckedBeforeAnyWorkAndWhatAKilledWriterLeftIsCleanedUp() throws IOException {
        Path out = temp.resolve("out");
        Files.createDirectories(temp.resolve(".out.writing-42").resolve("half"));
        AtomicFiles.prepareNewDirectory(out);
        assertThat(entries(temp)).as("the staging directory a kill left is gone").isZero();

        Path file = Files.writeString(temp.resolve("a-file"), "x");
        assertThatThrownBy(() -> AtomicFiles.prepareNewDirectory(file.resolve("out")))
                .isInstanceOf(dev.amend.api.InvalidInputException.class)
                .hasMessage(file.resolve("out") + " cannot be written: " + file + " is not a directory");
        assertThatThrownBy(() -> AtomicFiles.prepareNewDirectory(file))
                .isInstanceOf(dev.amend.api.InvalidInputException.class)
                .hasMessage(file + " already exists and is not a directory; write to a new directory");
        Files.createDirectories(out.resolve("x"));
        assertThatThrownBy(() -> AtomicFiles.prepareNewDirectory(out))
                .hasMessage(out + " already exists and is not empty; write to a new directory");
    }

    @Test
    void aDirectoryThatCannotBeWrittenIsNamed() throws IOException {
        Path locked = Files.createDirectories(temp.resolve("locked"));
        locked.toFile().setWritable(false, false);
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(locked), "root may write anywhere");
            assertThatThrownBy(() -> AtomicFiles.prepareNewDirectory(locked.resolve("a").resolve("out")))
                    .isInstanceOf(dev.amend.api.InvalidInputException.class)
                    .hasMessage(locked.resolve("a").resolve("out") + " cannot be written: the directory " + locked
                            + " is not writable");
        } finally {
            locked.toFile().setWritable(true, false);
        }
    }
}
