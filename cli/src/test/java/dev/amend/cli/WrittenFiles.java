package dev.amend.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amend.toolkit.io.Safetensors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a writer left on disk, as the crash-safety test judges it: files that are whole (JSON that parses, JSON lines
 * that are all complete, safetensors that read back), the hidden staging entries a killed writer may leave, and
 * checksums to prove a directory unchanged.
 */
final class WrittenFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WrittenFiles() {}

    /** Whether {@code name} is hidden: a staging file or directory, or an old version moved aside. */
    static boolean hidden(Path path) {
        return path.getFileName().toString().startsWith(".");
    }

    /** The files under {@code dir} (relative paths), hidden entries and what is under them excluded. */
    static TreeSet<String> visibleFiles(Path dir) throws IOException {
        TreeSet<String> files = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> streamOf(dir.relativize(p)).noneMatch(WrittenFiles::hidden))
                    .forEach(p -> files.add(dir.relativize(p).toString()));
        }
        return files;
    }

    /** The hidden entries under {@code dir}, itself included, as paths relative to {@code dir}'s parent. */
    static List<String> hiddenEntries(Path dir) throws IOException {
        List<String> found = new ArrayList<>();
        if (!Files.exists(dir)) {
            return found;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(WrittenFiles::hidden).forEach(p -> found.add(dir.getParent().relativize(p).toString()));
        }
        return found;
    }

    /** Why the visible files under {@code dir} are not whole: one line per broken file, empty when all are. */
    static List<String> brokenFiles(Path dir) throws IOException {
        List<String> broken = new ArrayList<>();
        for (String name : visibleFiles(dir)) {
            Path file = dir.resolve(name);
            try {
                check(file);
            } catch (IOException | RuntimeException e) {
                broken.add(name + ": " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        return broken;
    }

    private static void check(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (name.endsWith(".jsonl")) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (!text.isEmpty() && !text.endsWith("\n")) {
                throw new IOException("its last line is torn");
            }
            for (String line : text.lines().toList()) {
                JSON.readTree(line);
            }
        } else if (name.endsWith(".json")) {
            if (JSON.readTree(file.toFile()) == null || Files.size(file) == 0) {
                throw new IOException("empty");
            }
        } else if (name.endsWith(".safetensors")) {
            try (NDManager manager = NDManager.newBaseManager()) {
                Safetensors.read(file, manager);
            }
        }
    }

    /** The lines of a JSON-lines file (0 when it does not exist). */
    static long lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    }

    /** SHA-256 of every file under {@code dir}, by relative path. */
    static Map<String, String> checksums(Path dir) throws IOException {
        Map<String, String> sums = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                sums.put(dir.relativize(p).toString(), sha256(p));
            }
        }
        return sums;
    }

    private static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (var in = Files.newInputStream(file)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Stream<Path> streamOf(Path relative) {
        List<Path> parts = new ArrayList<>();
        relative.forEach(parts::add);
        return parts.stream();
    }
}
