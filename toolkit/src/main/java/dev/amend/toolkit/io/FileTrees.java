package dev.amend.toolkit.io;

import dev.amend.api.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Whole directory trees: deleting one, asking whether a directory is empty, and checking before any work that an
 * output directory can be written.
 */
public final class FileTrees {

    private FileTrees() {}

    /**
     * Deletes a file or a directory with everything under it; nothing when it does not exist.
     *
     * @param path the file or directory
     * @throws IOException when something cannot be deleted
     */
    public static void delete(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * {@return whether {@code path} is a directory with nothing in it}
     *
     * @param path any path
     * @throws IOException when the directory cannot be listed
     */
    public static boolean isEmptyDirectory(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(path)) {
            return entries.findAny().isEmpty();
        }
    }

    /**
     * Checks that {@code directory} can be written as a new output: it does not exist (or is an empty directory), and
     * the nearest of its ancestors that exists is a directory this process may write into.
     *
     * @param directory the output directory
     * @throws InvalidInputException naming the directory and what is in the way
     * @throws IOException when an existing directory cannot be listed
     */
    public static void requireNewDirectory(Path directory) throws IOException {
        if (Files.exists(directory) && !isEmptyDirectory(directory)) {
            throw new InvalidInputException(directory + " already exists and "
                    + (Files.isDirectory(directory) ? "is not empty" : "is not a directory")
                    + "; write to a new directory");
        }
        requireWritableParent(directory);
    }

    /**
     * Checks that the directory that holds (or will hold) {@code path} can be written: the nearest existing ancestor
     * of {@code path} is a directory this process may write into.
     *
     * @param path a file or directory to create or replace
     * @throws InvalidInputException naming {@code path} and the ancestor in the way
     */
    public static void requireWritableParent(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path ancestor = absolute.getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor == null) {
            throw new InvalidInputException(path + " cannot be written: none of the directories above it exists");
        }
        if (!Files.isDirectory(ancestor)) {
            throw new InvalidInputException(path + " cannot be written: " + ancestor + " is not a directory");
        }
        if (!Files.isWritable(ancestor)) {
            throw new InvalidInputException(path + " cannot be written: the directory " + ancestor
                    + " is not writable");
        }
    }
}
