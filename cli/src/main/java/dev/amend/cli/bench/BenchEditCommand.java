package dev.amend.cli.bench;

import dev.amend.api.HParams;
import dev.amend.api.edit.EditContext;
import dev.amend.api.edit.EditMethod;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.cli.EmbeddedModel;
import dev.amend.cli.EmbeddedModelOption;
import dev.amend.cli.PluginsOption;
import dev.amend.harness.HParamsChoice;
import dev.amend.harness.data.EditDatasets;
import dev.amend.registry.AmendRuntime;
import dev.amend.toolkit.io.FileTrees;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code amend bench-edit}: ROME and MEMIT edit times (apply only, statistics collected once beforehand and reported
 * apart) on the embedded toy model and on a random GPT-2-small-shaped checkpoint that reads the toy world's words.
 * A benchmark, not a test: it prints figures for docs/benchmarks.md.
 */
@Command(name = "bench-edit", mixinStandardHelpOptions = true,
        description = "Benchmark: ROME per-edit and MEMIT batch edit times on the toy model and a 124M GPT-2 shape.")
public final class BenchEditCommand implements Callable<Integer> {

    @Inject
    Provider<AmendRuntime> runtime;

    @Mixin
    PluginsOption plugins;

    @Mixin
    EmbeddedModelOption model;

    @Option(names = "--rome-edits", defaultValue = "10") int romeEdits;
    @Option(names = "--memit-batch", defaultValue = "100") int memitBatch;
    @Option(names = "--skip-gpt2", description = "Only the toy model.") boolean skipGpt2;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path toy = model.directory();
        List<EditRequest> requests = EditDatasets.read(EmbeddedModel.evalData(toy));
        AmendRuntime runtime = this.runtime.get();
        PrintWriter out = spec.commandLine().getOut();
        Path stats = Files.createTempDirectory("amend-bench-stats");
        Path gpt2 = Files.createTempDirectory("amend-bench-gpt2");
        Thread cleanUp = new Thread(() -> {   // a benchmark stopped by a signal leaves no temporary directories
            try {
                FileTrees.delete(stats);
                FileTrees.delete(gpt2);
            } catch (java.io.IOException e) {
                System.err.println("amend: could not delete " + stats + " or " + gpt2 + ": " + e.getMessage());
            }
        });
        Runtime.getRuntime().addShutdownHook(cleanUp);
        try {
            run(out, runtime, "embedded toy model", toy, requests, EmbeddedModel.corpus(toy), stats);
            if (!skipGpt2) {
                long parameters = RandomGpt2.write(gpt2, 12, 768, 12, 50257, 1024,
                        Files.readString(toy.resolve("tokenizer.json")));
                run(out, runtime, String.format("random GPT-2 small shape (%.1fM parameters)", parameters / 1e6), gpt2,
                        requests, EmbeddedModel.corpus(toy), stats);
            }
        } finally {
            FileTrees.delete(stats);
            FileTrees.delete(gpt2);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanUp);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it deletes nothing that is still there
            }
        }
        return 0;
    }

    private void run(PrintWriter out, AmendRuntime runtime, String label, Path dir, List<EditRequest> requests,
                     Path corpus, Path stats) throws Exception {
        Map<String, String> overrides = Map.of("mom2_dataset", HParamsChoice.quoted(corpus), "stats_dir",
                HParamsChoice.quoted(stats));
        out.printf("%s (%s):%n", label, dir);
        out.flush();
        try (LanguageModel lm = runtime.models().load(dir, LoadOptions.cpu())) {
            EditMethod rome = method(runtime, "rome", overrides);
            double warm = time(() -> rome.apply(lm, requests.subList(0, 1), EditContext.defaults()).close());
            double[] each = new double[romeEdits];
            for (int i = 0; i < romeEdits; i++) {
                List<EditRequest> one = requests.subList(1 + i, 2 + i);
                each[i] = time(() -> rome.apply(lm, one, EditContext.defaults()).close());
            }
            Arrays.sort(each);
            out.printf("  rome (toy preset): first edit %.2f s (includes statistics), then %d edits: median %.3f s, "
                    + "mean %.3f s per edit%n", warm, romeEdits, each[romeEdits / 2], Arrays.stream(each).average()
                    .orElse(0));
            out.flush();
            EditMethod memit = method(runtime, "memit", overrides);
            double memitWarm = time(() -> memit.apply(lm, requests.subList(0, 1), EditContext.defaults()).close());
            List<EditRequest> batch = requests.subList(0, Math.min(memitBatch, requests.size()));
            double seconds = time(() -> memit.apply(lm, batch, EditContext.defaults()).close());
            out.printf("  memit (toy preset): one-edit warm-up %.2f s (includes statistics), %d edits in one batch: "
                    + "%.1f s%n", memitWarm, batch.size(), seconds);
            out.flush();
        }
    }

    private static EditMethod method(AmendRuntime runtime, String name, Map<String, String> overrides)
            throws java.io.IOException {
        return create(runtime, runtime.providers().method(name), overrides);
    }

    private static <H extends HParams> EditMethod create(AmendRuntime runtime, EditMethodProvider<H> provider,
                                                         Map<String, String> overrides) throws java.io.IOException {
        return provider.create(HParamsChoice.configure(runtime.hparams(), provider, null, "toy", overrides));
    }

    private interface Work {
        void run() throws Exception;
    }

    private static double time(Work work) throws Exception {
        long t0 = System.nanoTime();
        work.run();
        return (System.nanoTime() - t0) / 1e9;
    }
}
