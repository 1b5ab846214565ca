package dev.amend.cli.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.amend.cli.web.EngineThreads;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one fuzz target: QuickTheories draws the cases' seeds from a fixed seed, each case builds its hostile input from
 * its own seed, runs it under a time budget and measures what it allocated; the {@link Verdict}s are tallied per
 * symptom and printed as the target's figures. A target fails when any case broke an invariant, listing each distinct
 * failure once with the seed that reproduces it.
 *
 * <p>System properties: {@code amend.fuzz.examples} (cases per target, default each target's own),
 * {@code amend.fuzz.seed} (the run's seed), {@code amend.fuzz.case} (run this one case seed only, to reproduce),
 * {@code amend.fuzz.keep} (keep each case's directory under {@code target/fuzz}, to look at its input).
 */
final class Fuzz {

    /** Allocated bytes when the running case's input was ready, or -1 before. */
    private static final AtomicLong INPUT_READY = new AtomicLong(-1);

    /** The run's seed unless {@code -Damend.fuzz.seed} says otherwise. */
    static final long SEED = Long.getLong("amend.fuzz.seed", 20_261_207L);

    /**
     * One case: builds its input from {@code seed} in {@code dir}, describing it in {@code input} before it runs it
     * (so that a case that hangs can be told), then runs it and checks the invariants.
     */
    interface Case {
        Verdict run(long seed, Path dir, List<String> input) throws Exception;
    }

    private static boolean warm;

    private final String target;
    private final Duration timeBudget;
    private final long memoryBudget;
    private final Map<String, Verdict> failures = new LinkedHashMap<>();
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final Map<String, Integer> outcomes = new LinkedHashMap<>();
    private int tried;
    private long worstMillis;
    private String worstTimeCase = "";
    private long worstBytes;
    private String worstMemoryCase = "";
    private boolean hung;

    /**
     * @param timeBudget   the most one input may take
     * @param memoryBudget the most bytes one input may allocate (on the Java heap, by every thread of this JVM)
     */
    Fuzz(String target, Duration timeBudget, long memoryBudget) {
        this.target = target;
        this.timeBudget = timeBudget;
        this.memoryBudget = memoryBudget;
    }

    /**
     * Runs the {@code regressions} (case seeds that once found a hole) and {@code examples} random cases (or
     * {@code -Damend.fuzz.examples}), prints the figures, asserts no failure.
     */
    void run(int examples, Path root, Case fuzzCase, long... regressions) {
        int n = Integer.getInteger("amend.fuzz.examples", examples);
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-" + target);
            t.setDaemon(true);
            return t;
        });
        try {
            warmUp(worker);
            Long only = Long.getLong("amend.fuzz.case");
            if (only != null) {
                one(worker, root, fuzzCase, only);
            } else {
                for (long seed : regressions) {
                    one(worker, root, fuzzCase, seed);
                }
                qt().withFixedSeed(SEED).withExamples(n).withShrinkCycles(0).forAll(longs().all())
                        .checkAssert(seed -> {
                            if (!hung) {
                                one(worker, root, fuzzCase, seed);
                            }
                        });
            }
        } finally {
            worker.shutdownNow();
        }
        System.out.println(figures());
        new java.util.LinkedHashSet<>(failures.values())
                .forEach(v -> System.out.println("  FAIL " + v.describe(target)));
        assertThat(failures.keySet()).as(target + ": " + failures.size() + " distinct failures, see the log above")
                .isEmpty();
    }

    /**
     * Waits (up to ten times the budget) for a case that ran over its budget to end: a thread left in native code when
     * the JVM exits can crash it, and an edit left running holds the engine's one gradient collector.
     */
    private void awaitEnd(ExecutorService worker) {
        try {
            worker.submit(() -> { }).get(timeBudget.toMillis() * 10, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            System.out.println("FUZZ " + target + ": the case over budget still runs after " + timeBudget.toSeconds() * 10
                    + " s");
        }
    }

    /** Starts the engine and loads the classes once, so that the first case's time is its own. */
    private static void warmUp(ExecutorService worker) {
        if (warm) {
            return;
        }
        try {
            worker.submit(() -> {
                EngineThreads.recordNoGradients();
                return dev.amend.cli.AmendRun.amend("inspect", "--model", CliCase.TOY.toString(), "--text", "x");
            }).get();
            warm = true;
        } catch (Exception e) {
            throw new IllegalStateException("warming up failed", e);
        }
    }

    /**
     * Called by a case once its input is written, so that what making the input allocated (a 100 MB mutated header,
     * say) is not counted against the code under test.
     */
    static void inputReady() {
        INPUT_READY.set(allocated());
    }

    private void one(ExecutorService worker, Path root, Case fuzzCase, long seed) {
        Path dir = root.resolve("case-" + Long.toUnsignedString(seed, 36));
        INPUT_READY.set(-1);
        long bytesBefore = allocated();
        long start = System.nanoTime();
        List<String> input = java.util.Collections.synchronizedList(new ArrayList<>());
        Future<Verdict> future = worker.submit(() -> {
            EngineThreads.recordNoGradients();   // as on the thread that starts the engine, the CLI's main thread
            return fuzzCase.run(seed, dir, input);
        });
        Verdict verdict;
        try {
            verdict = future.get(timeBudget.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            hung = true;   // the target's remaining cases are skipped
            awaitEnd(worker);
            verdict = Verdict.of(seed, List.copyOf(input), -1, "", "")
                    .fail("time", "ran longer than the budget of " + timeBudget.toSeconds() + " s (hung; rest skipped)");
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            verdict = Verdict.of(seed, List.copyOf(input), -1, "", "").fail("harness", cause.toString());
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        long bytes = allocated() - (INPUT_READY.get() >= 0 ? INPUT_READY.get() : bytesBefore);
        tried++;
        outcomes.merge(verdict.outcome(), 1, Integer::sum);
        if (millis > worstMillis) {
            worstMillis = millis;
            worstTimeCase = Long.toString(seed) + " " + verdict.input();
        }
        if (bytes > worstBytes) {
            worstBytes = bytes;
            worstMemoryCase = Long.toString(seed) + " " + verdict.input();
        }
        if (bytes > memoryBudget) {
            verdict = verdict.fail("memory", "allocated " + bytes / (1 << 20) + " MB, budget "
                    + memoryBudget / (1 << 20) + " MB");
        }
        for (Verdict.Failure f : verdict.failures()) {
            counts.merge(f.kind(), 1, Integer::sum);
            failures.putIfAbsent(f.kind() + ": " + f.key(), verdict);
        }
        if (!Boolean.getBoolean("amend.fuzz.keep")) {
            Trees.delete(dir);
        }
    }

    private static long allocated() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long b : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            sum += Math.max(0, b);
        }
        return sum;
    }

    /** One line: inputs tried, what they ended in, the count per kind of failure, the worst time and memory. */
    String figures() {
        List<String> kinds = new ArrayList<>();
        for (String kind : Verdict.KINDS) {
            kinds.add(kind + " " + counts.getOrDefault(kind, 0));
        }
        return String.format("FUZZ %-16s inputs %d %s | %s | worst time %d ms [case %s] | worst alloc %d MB [case %s]",
                target, tried, outcomes, String.join(", ", kinds), worstMillis, Mutator.abbreviate(worstTimeCase),
                worstBytes / (1 << 20), Mutator.abbreviate(worstMemoryCase));
    }
}
