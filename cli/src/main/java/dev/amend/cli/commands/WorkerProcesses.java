package dev.amend.cli.commands;

import dev.amend.api.InvalidInputException;
import dev.amend.cli.Amend;
import dev.amend.cli.PluginsOption;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Runs Amend commands in worker processes, one per device slot, each a JVM like this one (same Java, class path and
 * Amend system properties), their output passed through. Processes, not threads: DJL's PyTorch engine records
 * gradients for one collector per JVM at a time, and every locate-then-edit method records gradients.
 */
final class WorkerProcesses {

    private WorkerProcesses() {}

    /**
     * Starts {@code count} workers, {@code arguments.apply(k)} being worker k's Amend arguments, and waits for all.
     *
     * @throws InvalidInputException when a worker exits with 2 (bad input), naming it
     * @throws IllegalStateException when a worker fails otherwise
     */
    static void run(int count, IntFunction<List<String>> arguments, PluginsOption plugins)
            throws IOException, InterruptedException {
        List<Process> workers = new ArrayList<>();
        try {
            for (int k = 0; k < count; k++) {
                List<String> command = new ArrayList<>(jvm());
                command.addAll(arguments.apply(k));
                if (plugins.directory() != null) {
                    command.addAll(List.of("--plugins", plugins.directory().toString()));
                }
                workers.add(new ProcessBuilder(command).inheritIO().start());
            }
            for (int k = 0; k < count; k++) {
                int status = workers.get(k).waitFor();
                if (status == 2) {
                    throw new InvalidInputException("worker " + k + " of " + count + " refused its input (exit 2)");
                }
                if (status != 0) {
                    throw new IllegalStateException("worker " + k + " of " + count + " failed (exit " + status + ")");
                }
            }
        } finally {
            workers.forEach(Process::destroy);   // the others, when one failed; a no-op for finished ones
        }
    }

    /** The command that starts this JVM's main class again: java, its Amend system properties, class path. */
    private static List<String> jvm() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("ai.djl.") || key.startsWith("amend.")) {
                command.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Amend.class.getName()));
        return command;
    }
}
