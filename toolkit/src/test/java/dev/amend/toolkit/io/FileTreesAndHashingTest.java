package dev.amend.toolkit.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recursive deletes, empty directories and SHA-256. */
class FileTreesAndHashingTest {

    @TempDir
    Path temp;

    @Test
    void aTreeIsDeletedWholeAndAMissingOneIsNoError() throws IOException {
        Path tree = temp.resolve("tree");
        Files.createDirectories(tree.resolve("a/b"));
        Files.writeString(tree.resolve("a/b/c.txt"), "x");
        Files.writeString(tree.resolve("d.txt"), "y");
        assertThat(FileTrees.isEmptyDirectory(tree)).isFalse();
        FileTrees.delete(tree);
        assertThat(tree).doesNotExist();
        FileTrees.delete(tree);
        Files.createDirectories(tree);
        assertThat(FileTrees.isEmptyDirectory(tree)).isTrue();
        assertThat(FileTrees.isEmptyDirectory(temp.resolve("absent"))).isFalse();
    }

    /** FIPS 180-2's test vector. */
    @Test
    void sha256OfAbcIsTheStandardsVector() {
        assertThat(Hashing.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
