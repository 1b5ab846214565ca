package dev.amend.toolkit.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Files and directories written whole or not at all: everything is written into a staging file or directory beside
 * the target, then moved over it in one step, so that a reader (or a process resumed after a kill) sees the old
 * version or the new one, never half of either.
 */
public final class AtomicFiles {

    private static final String STAGING = ".writing-";
    private static final String ASIDE = ".replaced";

    private AtomicFiles() {}

    /** What writes the new version into the staging file or directory it is given. */
    @FunctionalInterface
    public interface Writing {
        /**
         * Writes the new version.
         *
         * @param staging the staging file or directory, created empty
         * @throws IOException when writing fails; the target then stays as it was
         */
        void into(Path staging) throws IOException;
    }

    /**
     * Writes {@code file} through a staging file of its own beside it (two writers of the same file do not collide),
     * then moves it over {@code file} in one step.
     *
     * @param file the file to create or replace
     * @param writing writes the new content into the staging file
     * @throws IOException when writing or moving fails; {@code file} is then unchanged and no staging file is left
     */
    public static void write(Path file, Writing writing) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        Files.createDirectories(absolute.getParent());
        Path staging = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName() + STAGING, ".tmp");
        try {
            writing.into(staging);
            Files.move(staging, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(staging);
        }
    }

    /**
     * {@link #write} of a text in UTF-8.
     *
     * @param file the file to create or replace
     * @param text its new content
     * @throws IOException when writing fails; {@code file} is then unchanged
     */
    public static void writeString(Path file, CharSequence text) throws IOException {
        write(file, staging -> Files.writeString(staging, text));
    }

    /**
     * Deletes the staging files that processes killed inside {@link #write} left in {@code directory} (they would
     * otherwise stay there, hidden, for good). Call it before writing into a directory that a killed process may have
     * been writing, with no other writer at work in it.
     *
     * @param directory the directory written into; nothing happens when it does not exist
     * @throws IOException when the file system refuses
     */
    public static void recoverFiles(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path stale : entries.filter(AtomicFiles::isStagingFile).toList()) {
                Files.deleteIfExists(stale);
            }
        }
    }

    private static boolean isStagingFile(Path path) {
        String name = path.getFileName().toString();
        return name.startsWith(".") && name.contains(STAGING) && name.endsWith(".tmp") && Files.isRegularFile(path);
    }

    /**
     * Writes {@code directory} through a staging directory beside it, then swaps it in: an existing directory is
     * moved aside, the new one moved in, the old one deleted. A kill between the two moves leaves the old directory
     * aside, which {@link #recoverDirectory} puts back.
     *
     * @param directory the directory to create or replace
     * @param writing fills the (empty) staging directory
     * @throws IOException when writing or moving fails; {@code directory} is then as it was
     */
    public static void replaceDirectory(Path directory, Writing writing) throws IOException {
        Path absolute = directory.toAbsolutePath().normalize();
        Files.createDirectories(absolute.getParent());
        Path staging = Files.createTempDirectory(absolute.getParent(), "." + absolute.getFileName() + STAGING);
        Path aside = aside(absolute);
        try {
            writing.into(staging);
            if (Files.exists(absolute)) {
                FileTrees.delete(aside);
                Files.move(absolute, aside, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(staging, absolute, StandardCopyOption.ATOMIC_MOVE);
            FileTrees.delete(aside);
        } finally {
            FileTrees.delete(staging);
        }
    }

    /**
     * Undoes what a process killed inside {@link #replaceDirectory} left: the old directory is put back when only it
     * is left (moved aside), an old directory left aside beside the new one is deleted, and staging directories are
     * deleted. Call it before reading a directory that a killed process may have been replacing, with no other writer
     * at work on it.
     *
     * @param directory the directory that was being replaced
     * @throws IOException when the file system refuses
     */
    public static void recoverDirectory(Path directory) throws IOException {
        Path absolute = directory.toAbsolutePath().normalize();
        Path aside = aside(absolute);
        if (Files.exists(aside, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
                FileTrees.delete(aside);              // killed after the new directory was moved in
            } else {
                Files.move(aside, absolute, StandardCopyOption.ATOMIC_MOVE);   // killed between the two moves
            }
        }
        Path parent = absolute.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return;
        }
        String prefix = "." + absolute.getFileName() + STAGING;
        try (Stream<Path> siblings = Files.list(parent)) {
            for (Path stale : siblings.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                FileTrees.delete(stale);
            }
        }
    }

    /**
     * Gets {@code directory} ready to be written as a new output by {@link #replaceDirectory}, before any work is
     * done: cleans up what a killed writer of it left ({@link #recoverDirectory}), then checks that it is absent or
     * empty and can be created ({@link FileTrees#requireNewDirectory}).
     *
     * @param directory the output directory
     * @throws dev.amend.api.InvalidInputException naming the directory when it cannot be a new output
     * @throws IOException when the file system refuses the clean-up
     */
    public static void prepareNewDirectory(Path directory) throws IOException {
        recoverDirectory(directory);
        FileTrees.requireNewDirectory(directory);
    }

    /**
     * Gets {@code directory}, which exists, ready to be replaced whole by {@link #replaceDirectory}: cleans up what a
     * killed writer of it left ({@link #recoverDirectory}), then checks that the directory holding it is writable.
     *
     * @param directory the directory to replace
     * @throws dev.amend.api.InvalidInputException naming the directory when it cannot be replaced
     * @throws IOException when the file system refuses the clean-up
     */
    public static void prepareReplacement(Path directory) throws IOException {
        recoverDirectory(directory);
        FileTrees.requireWritableParent(directory);
    }

    private static Path aside(Path absolute) {
        return absolute.resolveSibling("." + absolute.getFileName() + ASIDE);
    }
}
