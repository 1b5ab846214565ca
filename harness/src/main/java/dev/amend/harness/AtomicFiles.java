package dev.amend.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Result files written whole or not at all: a reader never sees half a report, chart or table. */
public final class AtomicFiles {

    private AtomicFiles() {}

    /** Writes {@code text} to a staging file beside {@code file}, then moves it over {@code file} in one step. */
    public static void writeString(Path file, CharSequence text) throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path staging = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
        try {
            Files.writeString(staging, text);
            Files.move(staging, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(staging);
        }
    }
}
