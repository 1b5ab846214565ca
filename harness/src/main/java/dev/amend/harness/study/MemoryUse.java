package dev.amend.harness.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's memory right now: the Java heap in use and the resident set (heap, native tensors and all), for the
 * efficiency columns of study rows. The resident set is read from {@code /proc/self/status}; -1 where there is none.
 *
 * @param heapBytes     Java heap in use
 * @param residentBytes the process's resident set size
 */
public record MemoryUse(long heapBytes, long residentBytes) {

    private static final Path STATUS = Path.of("/proc/self/status");

    /** A reading now: the heap in use includes garbage not collected yet. */
    public static MemoryUse now() {
        Runtime runtime = Runtime.getRuntime();
        return new MemoryUse(runtime.totalMemory() - runtime.freeMemory(), resident());
    }

    /**
     * A reading right after a full collection, so that the heap figure is what is still reachable: the one to watch
     * for leaks. Costs a collection; studies take it at checkpoints only.
     */
    public static MemoryUse afterCollection() {
        System.gc();
        return now();
    }

    /**
     * NDArrays alive in every manager of the engine: what a leak of arrays (rather than of Java objects) shows in.
     * Walks every manager; studies take it at checkpoints and after each unit.
     */
    public static int liveArrays() {
        try (ai.djl.ndarray.NDManager probe = ai.djl.ndarray.NDManager.newBaseManager()) {
            return probe.getParentManager().getManagedArrays().size();
        }
    }

    private static long resident() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException | SecurityException e) {
            return -1;
        }
        return -1;
    }
}
