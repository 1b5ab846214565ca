package dev.amend.cli.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * What one fuzz case did: its seed, the input it built (the seed file and the mutations), the exit status (or HTTP
 * status) and output, and the invariants it broke, each with a key that groups the same failure over many cases (the
 * stack trace's top frame, or the message with its numbers blanked).
 */
record Verdict(long seed, List<String> input, int status, String out, String err, List<Failure> failures) {

    /** The kinds of failure, in the order the figures print them. */
    static final List<String> KINDS = List.of("crash", "stacktrace", "unnamed", "nan", "base-changed", "outside",
            "partial", "time", "memory", "harness");

    /** One broken invariant. */
    record Failure(String kind, String key, String detail) {}

    static Verdict of(long seed, List<String> input, int status, String out, String err) {
        return new Verdict(seed, List.copyOf(input), status, out, err, List.of());
    }

    Verdict fail(String kind, String detail) {
        List<Failure> all = new ArrayList<>(failures);
        all.add(new Failure(kind, key(kind, detail), detail));
        return new Verdict(seed, input, status, out, err, all);
    }

    /** exit-0, exit-2, http-400 ...: what the case ended in, for the figures. */
    String outcome() {
        return status < 0 ? "none" : (status >= 100 ? "http-" : "exit-") + status;
    }

    /** The stack trace's top frame (with the exception) where there is one, else the detail with numbers blanked. */
    private String key(String kind, String detail) {
        String top = topFrame(err);
        if (top != null && (kind.equals("crash") || kind.equals("stacktrace"))) {
            return top;
        }
        return detail.replaceAll("\\d+", "#").replaceAll("'[^']*'", "'…'");
    }

    static String topFrame(String err) {
        String exception = null;
        for (String line : err.split("\n")) {
            if (exception == null && line.startsWith("amend: internal error: ")) {
                exception = line.substring("amend: internal error: ".length()).replaceAll(":.*", "");
            }
            if (line.startsWith("\tat ")) {
                return (exception == null ? "" : exception + " ") + line.substring(4).trim();
            }
        }
        return null;
    }

    /** A reproducible description: the target, the seed to pass as {@code -Damend.fuzz.case}, the input, the symptom. */
    String describe(String target) {
        StringBuilder b = new StringBuilder();
        for (Failure f : failures) {
            b.append(f.kind()).append(": ").append(f.detail()).append("; ");
        }
        b.append("\n      reproduce: -Damend.fuzz.case=").append(seed).append(" (target ").append(target).append(")")
                .append("\n      input: ").append(String.join(" | ", input))
                .append("\n      status ").append(status).append(", stderr: ").append(Mutator.abbreviate(firstLines(err), 400));
        return b.toString();
    }

    private static String firstLines(String err) {
        String[] lines = err.split("\n");
        return String.join(" / ", java.util.Arrays.copyOf(lines, Math.min(3, lines.length)));
    }
}
