package dev.amend.cli;

import dev.amend.api.InvalidInputException;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of {@code amend}. */
public final class Amend {

    /** Bad input or usage. */
    public static final int BAD_INPUT = 2;
    /** Everything else that went wrong. */
    public static final int INTERNAL_ERROR = 1;

    private Amend() {}

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs {@code amend args} writing to {@code out} and {@code err}; returns the exit status. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new AmendCommand())
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler((e, line, parsed) -> {
                    if (e instanceof InvalidInputException) {
                        line.getErr().println("amend: error: " + e.getMessage());
                        return BAD_INPUT;
                    }
                    line.getErr().println("amend: internal error: " + e);
                    e.printStackTrace(line.getErr());
                    return INTERNAL_ERROR;
                });
        return cli.execute(args);
    }
}
