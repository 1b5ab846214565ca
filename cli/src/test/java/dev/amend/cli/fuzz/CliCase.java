package dev.amend.cli.fuzz;

import dev.amend.cli.AmendRun;
import dev.amend.cli.AmendRun.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs {@code amend} in this JVM on a case's input and checks the invariants every input path keeps: exit 0, or exit
 * 2 with an {@code amend: error:} message and no stack trace; no NaN or infinity in any tensor written; the base model
 * and the inputs unchanged; nothing written but the requested output, and that only on success.
 */
final class CliCase {

    /** The embedded toy model, which every target treats as the base model. */
    static final Path TOY = AmendRun.TOY.toAbsolutePath().normalize();
    /**
     * Directories watched for stray files: the working directory, the checkout and its parent, unless that parent is
     * the system's temporary directory (a checkout cloned there), where every process on the machine writes.
     */
    private static final List<Path> WATCHED = watchedDirectories();

    private CliCase() {}

    /**
     * Runs {@code amend args} in {@code dir}, where {@code dir/in} holds the inputs and {@code output} (under
     * {@code dir}, or null for commands that write nothing) is the requested output.
     */
    static Verdict run(long seed, List<String> input, Path dir, Path output, String... args) throws IOException {
        Map<String, String> toyBefore = Trees.snapshot(TOY);
        Map<String, String> inputsBefore = Trees.snapshot(dir.resolve("in"));
        List<Set<String>> watchedBefore = watched();
        Fuzz.inputReady();
        Result r = AmendRun.amend(args);
        Verdict v = Verdict.of(seed, input, r.status(), r.out(), r.err());
        if (r.status() != 0 && r.status() != 2) {
            v = v.fail("crash", "exit " + r.status());
        }
        if (r.err().contains("\tat ") || r.err().contains("internal error")) {
            v = v.fail("stacktrace", "stack trace on stderr");
        }
        if (r.status() == 2 && !r.err().startsWith("amend: error: ")) {
            v = v.fail("unnamed", "exit 2 without an 'amend: error:' message");
        }
        if (!Trees.snapshot(TOY).equals(toyBefore) || !Trees.snapshot(dir.resolve("in")).equals(inputsBefore)) {
            v = v.fail("base-changed", "the base model or an input changed");
        }
        List<String> nan = Tensors.nonFinite(output == null ? dir.resolve("none") : output);
        if (!nan.isEmpty()) {
            v = v.fail("nan", "non-finite values written in " + nan);
        }
        v = strays(v, dir, output, watchedBefore);
        if (r.status() != 0 && output != null && Files.exists(output)) {
            v = v.fail("partial", "exit " + r.status() + " but the output " + output.getFileName() + " exists");
        }
        return v;
    }

    private static Verdict strays(Verdict v, Path dir, Path output, List<Set<String>> watchedBefore) {
        List<String> strays = new ArrayList<>();
        for (String name : Files.exists(dir) ? Trees.names(dir) : Set.<String>of()) {
            if (!name.equals("in") && (output == null || !dir.resolve(name).equals(output))) {
                strays.add(name);
            }
        }
        List<Set<String>> watchedAfter = watched();
        for (int i = 0; i < WATCHED.size(); i++) {
            Set<String> added = new TreeSet<>(watchedAfter.get(i));
            added.removeAll(watchedBefore.get(i));
            for (String name : added) {
                if (WATCHED.get(i).resolve(name).equals(output)) {
                    continue;
                }
                strays.add(WATCHED.get(i).resolve(name).toString());
                if (i < 2 || name.equals("evil")) {   // the fuzzer's own path-traversal name
                    Trees.delete(WATCHED.get(i).resolve(name));   // leave the checkout as it was for the next case
                }
            }
        }
        return strays.isEmpty() ? v : v.fail("outside", "wrote outside the requested output: " + strays);
    }

    private static List<Path> watchedDirectories() {
        Path work = Path.of("").toAbsolutePath();
        Path checkout = work.getParent();
        Path parent = checkout.getParent();
        Path temp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        return parent == null || parent.normalize().equals(temp) ? List.of(work, checkout) : List.of(work, checkout, parent);
    }

    private static List<Set<String>> watched() {
        List<Set<String>> names = new ArrayList<>();
        WATCHED.forEach(d -> names.add(Trees.names(d)));
        return names;
    }

    /** {@code dir/in}, created. */
    static Path in(Path dir) throws IOException {
        return Files.createDirectories(dir.resolve("in"));
    }
}
