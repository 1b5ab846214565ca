package dev.amend.cli.commands;

import dev.amend.api.HParams;
import dev.amend.api.InvalidInputException;
import dev.amend.api.Progress;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.api.model.ModelSpec;
import dev.amend.cli.EditPrompts;
import dev.amend.cli.EmbeddedModel;
import dev.amend.cli.EmbeddedModelOption;
import dev.amend.cli.PluginsOption;
import dev.amend.harness.HParamsChoice;
import dev.amend.harness.data.EditDatasets;
import dev.amend.registry.AmendRuntime;
import dev.amend.registry.EditOutcome;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code amend quickstart}: the tour on the embedded toy model. It shows what the model says about one subject, edits
 * one fact with ROME (its toy preset), shows the new answer, a held-out paraphrase and an unrelated fact,
 * the metrics and the edit time, then reverts and checks that the weights are bit for bit the original ones.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "Edit one fact of the embedded toy model with ROME, show before/after and metrics, revert.")
public final class QuickstartCommand implements Callable<Integer> {

    /** The method and preset of the tour. */
    static final String METHOD = "rome";
    static final String PRESET = "toy";

    @Inject
    Provider<AmendRuntime> runtime;

    @Inject
    Progress progress;

    @Mixin
    PluginsOption plugins;

    @Mixin
    EmbeddedModelOption model;

    @Option(names = "--record", defaultValue = "0",
            description = "Which request of the model's data/zsre_mend_eval.json to edit (default ${DEFAULT-VALUE}).")
    int record;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path dir = model.directory();
        Path data = EmbeddedModel.evalData(dir);
        List<EditRequest> requests = EditDatasets.read(data);
        if (record < 0 || record >= requests.size()) {
            throw new InvalidInputException("--record must be in [0, " + requests.size() + ") for " + data);
        }
        EditRequest request = requests.get(record);
        AmendRuntime runtime = this.runtime.get();
        EditMethodProvider<?> provider = runtime.providers().method(METHOD);
        HParams h = HParamsChoice.configure(runtime.hparams(), provider, null, PRESET,
                EmbeddedModel.statsOverrides(dir));
        PrintWriter out = spec.commandLine().getOut();
        try (LanguageModel lm = runtime.models().load(dir, LoadOptions.cpu())) {
            ModelSpec s = lm.spec();
            String base = lm.weights().fingerprint();
            out.printf("Model %s: %s, %d layers, width %d, %d-word vocabulary%n", dir, s.modelType(), s.numLayers(),
                    s.hiddenSize(), s.vocabSize());
            out.printf("Edit: \"%s\" -> %s (was %s), subject \"%s\"%n", request.filledPrompt(), request.targetNew(),
                    request.groundTruth(), request.subject());
            out.printf("Method: %s, preset %s: %s%n", METHOD, PRESET, runtime.hparams().toTree(h));
            var prompts = EditPrompts.prompts(request);
            List<String> before = EditPrompts.generate(lm, new ArrayList<>(prompts.keySet()));
            var editor = runtime.editor(METHOD, h, lm, runtime.context(0, progress));
            EditOutcome outcome = editor.edit(List.of(request));
            List<String> after;
            try (var edit = outcome.edit()) {
                after = EditPrompts.generate(edit.model(), new ArrayList<>(prompts.keySet()));
            }
            out.println("What the model says (greedy), before and after the edit:");
            EditReport.printGenerations(out, prompts, before, after);
            out.println("Metrics (mean × 100):");
            EditReport.printScores(out, List.of(outcome), editor.semantics());
            boolean restored = lm.weights().fingerprint().equals(base);
            out.println("Reverted: the weights' fingerprint " + (restored ? "equals" : "DIFFERS FROM")
                    + " the original's" + (restored ? " (bit for bit)." : "."));
            return restored ? 0 : 1;
        }
    }
}
