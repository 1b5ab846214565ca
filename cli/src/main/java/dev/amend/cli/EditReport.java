package dev.amend.cli;

import dev.amend.harness.Means;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.model.LanguageModel;
import dev.amend.registry.EditOutcome;
import dev.amend.registry.RequestScores;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code edit} and {@code quickstart} print: greedy generations before and after, metrics, times. */
final class EditReport {

    static final int NEW_TOKENS = 8;

    private EditReport() {}

    /** The prompts worth showing for a request: the edit prompt, its rephrasings, its locality and portability probes. */
    static Map<String, String> prompts(EditRequest request) {
        Map<String, String> prompts = new LinkedHashMap<>();
        prompts.put(request.filledPrompt(), "edit prompt");
        request.rephrasePrompts().forEach(p -> prompts.putIfAbsent(p, "rephrase (generalization)"));
        request.localityProbes().forEach((group, probes) -> probes.forEach(
                p -> prompts.putIfAbsent(p.prompt(), "locality: " + group)));
        request.portabilityProbes().forEach((group, probes) -> probes.forEach(
                p -> prompts.putIfAbsent(p.prompt(), "portability: " + group)));
        return prompts;
    }

    /** Greedy continuations of {@code prompts}, in order. */
    static List<String> generate(LanguageModel model, List<String> prompts) {
        List<int[]> ids = model.tokenizer().encodeAll(prompts, true);
        List<String> out = new ArrayList<>();
        for (int[] generated : model.generate(ids, NEW_TOKENS)) {
            out.add(model.tokenizer().decode(generated).strip());
        }
        return out;
    }

    /** One line per prompt: what it is, the prompt, the answer before and after. */
    static void printGenerations(PrintWriter out, Map<String, String> prompts, List<String> before,
                                 List<String> after) {
        int i = 0;
        for (Map.Entry<String, String> p : prompts.entrySet()) {
            String changed = before.get(i).equals(after.get(i)) ? "  (unchanged)" : "";
            out.printf("  %-26s %s%n  %26s before: %s%n  %26s after:  %s%s%n", p.getValue(), p.getKey(), "",
                    before.get(i), "", after.get(i), changed);
            i++;
        }
    }

    /** Mean of each metric over the requests, before and after, and the times. */
    static void printScores(PrintWriter out, List<EditOutcome> outcomes, Map<String, String> semantics) {
        List<RequestScores> scores = new ArrayList<>();
        double apply = 0;
        double evaluate = 0;
        for (EditOutcome o : outcomes) {
            scores.addAll(o.scores());
            apply += o.applyTime().toMillis() / 1000.0;
            evaluate += o.evaluateTime().toMillis() / 1000.0;
        }
        printMeans(out, scores, semantics);
        out.printf("  apply time %.2f s, evaluation time %.2f s (%d apply call%s)%n", apply, evaluate, outcomes.size(),
                outcomes.size() == 1 ? "" : "s");
    }

    /** Mean of each metric over the requests, before and after, and what each metric means. */
    static void printMeans(PrintWriter out, List<RequestScores> scores, Map<String, String> semantics) {
        Map<String, Double> pre = means(scores, RequestScores::pre);
        Map<String, Double> post = means(scores, RequestScores::post);
        out.printf("  %-26s %8s %8s%n", "metric", "before", "after");
        post.forEach((metric, after) -> {
            Double before = pre.get(metric);
            out.printf("  %-26s %8s %8.1f%n", metric, before == null ? "-" : String.format("%.1f", before), after);
        });
        out.println("  semantics:");
        semantics.values().forEach(line -> out.println("    " + line));
    }

    /** Mean of each metric in percent over the requests, from their scores before or after ({@code side}). */
    static Map<String, Double> means(List<RequestScores> scores,
                                     java.util.function.Function<RequestScores, Map<String, Double>> side) {
        return Means.percent(scores.stream().map(side).toList());
    }
}
