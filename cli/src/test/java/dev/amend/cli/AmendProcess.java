package dev.amend.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code amend} run as a child JVM, as the launcher runs it (the test class path, DJL offline, tracking off), so that
 * tests can kill it with SIGKILL at any moment.
 */
public final class AmendProcess {

    private AmendProcess() {}

    /** Exit status of a child run, and what it printed on stderr. */
    public record Exit(int status, String err) {}

    /**
     * Starts {@code amend args} in {@code workingDirectory}; its output goes to {@code log}.out and {@code log}.err.
     */
    public static Process start(Path workingDirectory, Path log, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-XX:+UseSerialGC", "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), Amend.class.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectOutput(log.resolveSibling(log.getFileName() + ".out").toFile())
                .redirectError(log.resolveSibling(log.getFileName() + ".err").toFile());
        builder.environment().put("OPT_OUT_TRACKING", "true");
        return builder.start();
    }

    /** Runs {@code amend args} to its end (at most {@code timeoutSeconds}, then it is killed and fails). */
    public static Exit run(Path workingDirectory, Path log, List<String> args, long timeoutSeconds)
            throws IOException, InterruptedException {
        Process process = start(workingDirectory, log, args);
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            kill(process);
            throw new AssertionError("amend " + args + " ran longer than " + timeoutSeconds + " s");
        }
        return new Exit(process.exitValue(), Files.readString(log.resolveSibling(log.getFileName() + ".err")));
    }

    /** SIGKILL (on Linux {@link Process#destroyForcibly} sends it), then waits for the process to be gone. */
    public static void kill(Process process) throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("process " + process.pid() + " survived SIGKILL for 30 s");
        }
    }
}
