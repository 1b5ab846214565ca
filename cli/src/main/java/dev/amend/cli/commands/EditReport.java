package dev.amend.cli.commands;

import dev.amend.harness.Means;
import dev.amend.registry.EditOutcome;
import dev.amend.registry.RequestScores;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** What {@code edit} and {@code quickstart} print: greedy generations before and after, metrics, times. */
final class EditReport {

    private EditReport() {}

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
    static Map<String, Double> means(List<RequestScores> scores, Function<RequestScores, Map<String, Double>> side) {
        return Means.percent(scores.stream().map(side).toList());
    }
}
