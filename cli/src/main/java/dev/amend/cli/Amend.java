package dev.amend.cli;

import com.google.inject.Guice;
import com.google.inject.ProvisionException;
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
        GuiceFactory factory = new GuiceFactory(Guice.createInjector(new CommandLineModule()));
        CommandLine cli = new CommandLine(AmendCommand.class, factory)
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler((e, line, parsed) -> {
                    Throwable failure = unwrapped(e);
                    if (failure instanceof InvalidInputException) {
                        line.getErr().println("amend: error: " + failure.getMessage());
                        return BAD_INPUT;
                    }
                    line.getErr().println("amend: internal error: " + failure);
                    failure.printStackTrace(line.getErr());
                    return INTERNAL_ERROR;
                });
        return cli.execute(args);
    }

    /** What failed: the cause when Guice wrapped it while making a command's collaborator (the runtime, say). */
    private static Throwable unwrapped(Exception e) {
        return e instanceof ProvisionException && e.getCause() != null ? e.getCause() : e;
    }
}
