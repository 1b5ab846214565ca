package dev.amend.cli.commands;

import dev.amend.api.HParams;
import dev.amend.api.InvalidInputException;
import dev.amend.api.edit.EditCapability;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.Probe;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.api.Progress;
import dev.amend.cli.CountOptions;
import dev.amend.cli.EditPrompts;
import dev.amend.cli.PluginsOption;
import dev.amend.harness.HParamsChoice;
import dev.amend.harness.data.EditDatasets;
import dev.amend.registry.AmendRuntime;
import dev.amend.registry.EditOutcome;
import dev.amend.registry.EditSequence;
import dev.amend.registry.Editor;
import dev.amend.registry.RequestScores;
import dev.amend.toolkit.io.AtomicFiles;
import dev.amend.toolkit.model.InputLength;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code amend edit}: applies one edit (or a file of them) to a model and shows what changed: greedy generations
 * before and after, the metrics, the hparams used. With {@code --save} the edit is written to a directory that
 * {@code apply-edit} re-applies; otherwise it is reverted before exit.
 */
@Command(name = "edit", mixinStandardHelpOptions = true,
        description = "Edit a model with a method; show generations and metrics before and after.")
public final class EditCommand implements Callable<Integer> {

    @Inject
    Provider<AmendRuntime> runtime;

    @Inject
    Progress progress;

    @Mixin
    PluginsOption plugins;

    @Option(names = "--model", required = true, paramLabel = "DIR") Path model;

    @Option(names = "--method", required = true, paramLabel = "NAME") String method;

    @Option(names = "--hparams", paramLabel = "FILE", description = "Hparams YAML (EasyEdit's format).")
    Path hparams;

    @Option(names = "--preset", paramLabel = "NAME", description = "One of the method's presets (see `amend list`).")
    String preset;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one hparams key.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @ArgGroup(exclusive = true, multiplicity = "1")
    Requests requests;

    static final class Requests {
        @ArgGroup(exclusive = false)
        One one;

        @Option(names = "--requests", paramLabel = "FILE",
                description = "ZsRE, CounterFact, KnowEdit or MQuAKE file: a batch where the method has BATCH, else "
                        + "one edit at a time, each on the original weights.")
        Path file;
    }

    static final class One {
        @Option(names = "--prompt", required = true, description = "Edit prompt, with {} for the subject or filled.")
        String prompt;

        @Option(names = "--subject", required = true) String subject;

        @Option(names = "--target", required = true) String target;

        @Option(names = "--ground-truth") String groundTruth;

        @Option(names = "--rephrase", description = "A rephrased prompt (repeatable).")
        List<String> rephrases = new ArrayList<>();

        @Option(names = "--locality", paramLabel = "PROMPT=ANSWER",
                description = "An unrelated prompt and its answer (repeatable).")
        Map<String, String> locality = new LinkedHashMap<>();
    }

    @Option(names = "--limit", defaultValue = "0", description = "Use at most this many requests of --requests.")
    int limit;

    @Option(names = "--single", description = "With --requests: one edit per apply call, each on the original weights, "
            + "even for methods that edit in batches (EasyEdit's single-edit evaluation).")
    boolean single;

    @Option(names = "--sequential", paramLabel = "N", defaultValue = "0",
            description = "With --requests: edit sequentially, N requests per apply call, each call on top of the "
                    + "previous ones; every edit so far is re-measured after each call (EasyEdit's sequential_edit).")
    int sequential;

    @Option(names = "--curve", paramLabel = "DIR", description = "With --sequential: write curve.csv and curve.svg here.")
    Path curve;

    @Option(names = "--save", paramLabel = "DIR", description = "Keep the edit and save it here (single apply only).")
    Path save;

    @Option(names = "--seed", defaultValue = "0") long seed;

    @Option(names = "--metrics", split = ",", paramLabel = "NAME,...",
            description = "Metrics to measure (see `amend list`); default: every metric on by default (not fluency).")
    List<String> metrics;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        atLeastOne("--limit", limit);
        atLeastOne("--sequential", sequential);
        AmendRuntime runtime = this.runtime.get();
        PrintWriter out = spec.commandLine().getOut();
        EditMethodProvider<?> provider = runtime.providers().method(method);
        runtime.providers().metrics(metrics);   // unknown names fail before any work, listing the metrics there are
        HParams h = HParamsChoice.configure(runtime.hparams(), provider, hparams, preset, overrides);
        List<EditRequest> list = requestList();
        boolean batch = provider.capabilities().has(EditCapability.BATCH) && !single;
        if (save != null && list.size() > 1 && !batch) {
            throw new InvalidInputException("--save keeps one apply call; " + method + " edits one request per call");
        }
        if (save != null) {
            AtomicFiles.prepareNewDirectory(save);   // before the edit is computed, not after
        }
        if (sequential > 0) {
            checkSequential(provider);
        }
        try (LanguageModel lm = runtime.models().load(model, LoadOptions.cpu())) {
            InputLength.checkRequests(lm, list, requests.file);
            Editor editor = runtime.editor(method, h, lm, runtime.context(seed, progress),
                    metrics);
            out.printf("%s on %s, %d request%s%s%n", method, model, list.size(), list.size() == 1 ? "" : "s",
                    list.size() <= 1 || sequential > 0 ? ""
                            : batch ? " in one batch" : ", one at a time on the original weights");
            out.println("  hparams: " + runtime.hparams().toTree(h));
            if (sequential > 0) {
                return sequentially(out, editor, list);
            }
            List<EditOutcome> outcomes = new ArrayList<>();
            if (batch || list.size() == 1) {
                outcomes.add(show(out, editor, lm, list, runtime));
            } else {
                for (EditRequest r : list) {
                    outcomes.add(show(out, editor, lm, List.of(r), runtime));
                }
            }
            out.println("metrics (mean over requests × 100):");
            EditReport.printScores(out, outcomes, editor.semantics());
        }
        return 0;
    }

    /** Refuses a count option given as 0 or less (absent, it keeps its default: all requests, not sequential). */
    private void atLeastOne(String option, int value) {
        if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
            CountOptions.atLeastOne(option, value);
        }
    }

    /** Refuses, before any model is loaded, what the method cannot do sequentially. */
    private void checkSequential(EditMethodProvider<?> provider) {
        if (!provider.capabilities().has(EditCapability.SEQUENTIAL)) {
            throw new InvalidInputException(method + " cannot edit sequentially (no SEQUENTIAL capability)");
        }
        if (sequential > 1 && !provider.capabilities().has(EditCapability.BATCH)) {
            throw new InvalidInputException(method + " edits one request per apply call (no BATCH capability): use "
                    + "--sequential 1");
        }
    }

    private int sequentially(PrintWriter out, Editor editor, List<EditRequest> list) throws java.io.IOException {
        if (save != null) {
            throw new InvalidInputException("--save keeps one apply call; it cannot be combined with --sequential");
        }
        out.printf("sequential editing: %d request%s per call, every edit kept%n", sequential,
                sequential == 1 ? "" : "s");
        try (EditSequence sequence = editor.sequence(list)) {
            List<RequestScores> all = SequentialRun.run(sequence, sequential, out, curve,
                    method + ", " + list.size() + " sequential edits, " + sequential + " per call");
            out.println("metrics of all " + all.size() + " edits at the end (mean over requests × 100):");
            EditReport.printMeans(out, all, editor.semantics());
            out.printf("  apply time %.2f s in all%n", sequence.applyTime().toMillis() / 1000.0);
        }
        return 0;
    }

    /** Applies one call's requests, prints before/after generations of the first few, keeps or reverts. */
    private EditOutcome show(PrintWriter out, Editor editor, LanguageModel lm, List<EditRequest> batch,
                             AmendRuntime runtime) throws java.io.IOException {
        Map<String, String> prompts = new LinkedHashMap<>();
        batch.stream().limit(3).forEach(r -> prompts.putAll(EditPrompts.prompts(r)));
        List<String> before = EditPrompts.generate(lm, new ArrayList<>(prompts.keySet()));
        EditOutcome outcome = editor.edit(batch);
        try {
            List<String> after = EditPrompts.generate(outcome.edit().model(), new ArrayList<>(prompts.keySet()));
            EditReport.printGenerations(out, prompts, before, after);
            if (save != null) {
                runtime.edits().save(outcome.edit(), save);
                outcome.edit().keep();
                out.println("  saved to " + save.toAbsolutePath() + " (re-apply with `./amend apply-edit " + save
                        + " --model " + model + " --out DIR`, or load it with `./amend inspect --model " + model
                        + " --edit " + save + " --text ...`)");
            }
        } finally {
            outcome.edit().close();
        }
        return outcome;
    }

    private List<EditRequest> requestList() {
        if (requests.file != null) {
            return limit > 0 ? EditDatasets.read(requests.file, limit) : EditDatasets.read(requests.file);
        }
        One o = requests.one;
        Map<String, List<Probe>> locality = new LinkedHashMap<>();
        if (!o.locality.isEmpty()) {
            List<Probe> probes = new ArrayList<>();
            o.locality.forEach((prompt, answer) -> probes.add(new Probe(prompt, answer)));
            locality.put("neighborhood", probes);
        }
        return List.of(new EditRequest(o.prompt, o.subject, o.target, o.groundTruth, o.rephrases, locality, null));
    }
}
