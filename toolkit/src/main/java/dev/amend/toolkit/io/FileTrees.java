package dev.amend.toolkit.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Whole directory trees: deleting one, and asking whether a directory is empty. */
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
}
