package dev.amend.methods.locate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Sentences in the tiny model's vocabulary: enough tokens for full-rank statistics of its 64-wide keys. */
public final class TinyCorpus {

    private TinyCorpus() {}

    public static List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (String person : List.of("alice smith", "bob jones", "carol smith", "dave jones", "alice jones")) {
            for (String fact : List.of("lives in paris .", "works as a doctor .", "speaks french .", "plays chess .",
                    "lives in rome .", "works as a pilot .", "speaks german .", "plays tennis .", "lives in tokyo .",
                    "was born in madrid .")) {
                lines.add(person + " " + fact);
                lines.add("the city " + person + " " + fact);
            }
        }
        return lines;
    }

    /** The corpus in a fresh temporary directory (deleted on exit), with room for a stats cache next to it. */
    public static Path file() {
        try {
            Path dir = Files.createTempDirectory("tiny-corpus");
            dir.toFile().deleteOnExit();
            return Files.write(dir.resolve("corpus.txt"), lines());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
