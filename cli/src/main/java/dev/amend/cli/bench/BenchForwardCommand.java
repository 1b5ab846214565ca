package dev.amend.cli.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.cli.PluginsOption;
import dev.amend.api.model.TokenBatch;
import dev.amend.registry.AmendRuntime;
import dev.amend.toolkit.io.FileTrees;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code amend bench-forward}: forward throughput of a random GPT-2-shaped checkpoint (GPT-2 small by default) loaded
 * through the gpt2 adapter, against the engine's own peak matmul rate measured in the same run. A benchmark, not a
 * test: it prints figures for docs/benchmarks.md.
 */
@Command(name = "bench-forward", mixinStandardHelpOptions = true,
        description = "Benchmark: GPT-2-shaped forward GFLOP/s as a fraction of the engine's peak matmul GFLOP/s.")
public final class BenchForwardCommand implements Callable<Integer> {

    @Inject
    Provider<AmendRuntime> runtime;

    @Mixin
    PluginsOption plugins;

    @Option(names = "--layers", defaultValue = "12") int layers;
    @Option(names = "--hidden", defaultValue = "768") int hidden;
    @Option(names = "--heads", defaultValue = "12") int heads;
    @Option(names = "--vocab", defaultValue = "50257") int vocab;
    @Option(names = "--batch", defaultValue = "8") int batch;
    @Option(names = "--length", defaultValue = "128") int length;
    @Option(names = "--repeat", defaultValue = "5", description = "Timed forward passes (after 2 warm-up passes).")
    int repeat;
    @Option(names = "--matmul", defaultValue = "2048", description = "Size n of the n×n×n peak matmul.")
    int matmul;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory("amend-bench-gpt2");
        try {
            long parameters = RandomGpt2.write(dir, layers, hidden, heads, vocab, Math.max(1024, length),
                    RandomGpt2.TWO_WORD_TOKENIZER);
            out.printf("checkpoint: GPT-2 shape, %d layers, d=%d, %d heads, vocab %d: %.1fM parameters%n", layers,
                    hidden, heads, vocab, parameters / 1e6);
            out.flush();
            double peakBefore = peakMatmul(out);
            long rssBefore = residentBytes();
            long t0 = System.nanoTime();
            try (LanguageModel model = runtime.get().models().load(dir, LoadOptions.cpu())) {
                double loadSeconds = (System.nanoTime() - t0) / 1e9;
                long rssAfter = residentBytes();
                out.printf("load: %.2f s; resident memory +%.0f MiB for %.0f MiB of float32 weights%n", loadSeconds,
                        (rssAfter - rssBefore) / 1048576.0, parameters * 4 / 1048576.0);
                double seconds = forward(model);
                double peak = Math.max(peakBefore, peakMatmul(out));
                double flops = forwardFlops();
                double achieved = flops / seconds / 1e9;
                out.printf("forward %dx%d: median %.3f s, %.1f GFLOP per pass, %.1f GFLOP/s = %.0f%% of the better "
                        + "peak (%.0f tokens/s)%n", batch, length, seconds, flops / 1e9, achieved, 100 * achieved / peak,
                        batch * length / seconds);
            }
        } finally {
            FileTrees.delete(dir);
        }
        out.flush();
        return 0;
    }

    /** FLOPs of one pass: 2 per multiply-add of every matmul (dense attention scores and mixing included). */
    private double forwardFlops() {
        double tokens = (double) batch * length;
        double perToken = 2.0 * (12.0 * layers * hidden * hidden + (double) hidden * vocab)
                + 4.0 * layers * length * hidden;
        return tokens * perToken;
    }

    private double forward(LanguageModel model) {
        Random random = new Random(1);
        List<int[]> rows = new ArrayList<>();
        for (int r = 0; r < batch; r++) {
            rows.add(random.ints(length, 0, vocab).toArray());
        }
        TokenBatch input = TokenBatch.of(rows);
        double[] times = new double[repeat];
        for (int i = -2; i < repeat; i++) {
            try (NDManager m = NDManager.newBaseManager()) {
                long t0 = System.nanoTime();
                model.forward(m, input).logits().get(0, 0, 0).getFloat();
                if (i >= 0) {
                    times[i] = (System.nanoTime() - t0) / 1e9;
                }
            }
        }
        Arrays.sort(times);
        return times[repeat / 2];
    }

    /** The engine's best n×n×n float32 matmul rate over 5 runs (measured before and after the forward passes). */
    private double peakMatmul(PrintWriter out) {
        double best = Double.MAX_VALUE;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomNormal(new Shape(matmul, matmul));
            NDArray b = m.randomNormal(new Shape(matmul, matmul));
            for (int i = 0; i < 6; i++) {
                try (NDManager scratch = m.newSubManager()) {
                    long t0 = System.nanoTime();
                    NDArray c = a.matMul(b);
                    c.attach(scratch);
                    c.get(0, 0).getFloat();
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    if (i > 0) {
                        best = Math.min(best, seconds);
                    }
                }
            }
        }
        double gflops = 2.0 * matmul * matmul * matmul / best / 1e9;
        out.printf("engine peak: %dx%dx%d float32 matmul %.1f GFLOP/s (best of 5, %d intra-op threads)%n", matmul,
                matmul, matmul, gflops, Runtime.getRuntime().availableProcessors());
        out.flush();
        return gflops;
    }

    /** This process's resident set size (Linux), or 0 where unknown. */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
