package dev.amend.cli.commands;

import dev.amend.api.InvalidInputException;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.metric.Metric;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.cli.PluginsOption;
import dev.amend.harness.data.EditDatasets;
import dev.amend.registry.AmendRuntime;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code amend eval-base}: how well an unedited model knows a data set's facts: the reliability and generalization
 * metrics with each request's ground truth as the target (EasyEdit's teacher-forced token accuracy).
 */
@Command(name = "eval-base", mixinStandardHelpOptions = true,
        description = "Accuracy of a model on a data set's facts (ground truth), without editing.")
public final class EvalBaseCommand implements Callable<Integer> {

    @Inject
    Provider<AmendRuntime> runtime;

    @Mixin
    PluginsOption plugins;

    @Option(names = "--model", required = true, paramLabel = "DIR") Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "ZsRE, CounterFact, KnowEdit or MQuAKE file.")
    Path data;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        AmendRuntime runtime = this.runtime.get();
        List<EditRequest> facts = EditDatasets.read(data).stream().filter(r -> r.groundTruth() != null)
                .map(r -> new EditRequest(r.prompt(), r.subject(), r.groundTruth(), null, r.rephrasePrompts(), null,
                        null))
                .toList();
        if (facts.isEmpty()) {
            throw new InvalidInputException("no requests with a ground truth in " + data
                    + ": eval-base scores a model on each request's ground_truth (or answers, or target_true)");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (LanguageModel lm = runtime.models().load(model, LoadOptions.cpu())) {
            out.printf("%s on %s: %d requests with a ground truth%n", model, data, facts.size());
            for (String metric : List.of("reliability", "generalization")) {
                List<Map<String, Double>> scores = score(runtime.metrics(List.of(metric)).get(metric), lm, facts);
                double[] values = scores.stream().filter(s -> s.containsKey(metric)).mapToDouble(s -> s.get(metric))
                        .toArray();
                out.printf("  %-15s %6.2f %%  (%d prompts%s)%n", metric.equals("reliability") ? "facts" : "rephrases",
                        100 * java.util.Arrays.stream(values).average().orElse(0), values.length,
                        metric.equals("reliability") ? ", ground truth after the edit prompt" : "");
            }
            out.println("  semantics: EasyEdit teacher-forced token accuracy (mean over answer tokens of argmax == token)");
        }
        return 0;
    }

    private static <S> List<Map<String, Double>> score(Metric<S> metric, LanguageModel lm,
                                                          List<EditRequest> requests) {
        return metric.score(lm, requests, metric.observe(lm, requests));
    }
}
