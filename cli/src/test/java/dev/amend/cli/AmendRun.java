package dev.amend.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** Runs {@code amend} in this JVM, as the launcher would, for tests; and the embedded toy model they edit. */
public final class AmendRun {

    /** The checkout's embedded toy model (tests run in {@code cli/}). */
    public static final Path TOY = Path.of("..", "models", "toy");

    private AmendRun() {}

    /** Exit status and what was printed. */
    public record Result(int status, String out, String err) {}

    /** {@code amend args}: its exit status and what it printed. */
    public static Result amend(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Amend.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(status, out.toString(), err.toString());
    }
}
