package dev.amend.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.Probe;
import dev.amend.api.metric.Metric;
import dev.amend.api.model.LanguageModel;
import dev.amend.metrics.fluency.FluencyHParams;
import dev.amend.metrics.fluency.FluencyProvider;
import dev.amend.testkit.tiny.TinyModels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fluency and the CounterFact scores on a bigram model whose next word depends only on the current one: after "is"
 * it says "paris", after "in" "new", then "york", then ".", then the end of the text.
 */
class GenerationAndProbabilityMetricsTest {

    private static final Map<String, String> TABLE = Map.of("is", "paris", "paris", ".", "in", "new", "new", "york",
            "york", ".");

    private static <S> List<Map<String, Double>> score(Metric<S> metric, List<EditRequest> requests) {
        try (LanguageModel model = TinyModels.bigram(TABLE)) {
            return metric.score(model, requests, metric.observe(model, requests));
        }
    }

    /** "alice lives in" + "new york ." : 5 distinct bigrams of 5 (log2 5 bits), 4 distinct trigrams (2 bits). */
    @Test
    void fluencyIsTheNGramEntropyOfThePromptAndItsGreedyContinuation() {
        Metric<?> fluency = new FluencyProvider().create(new FluencyHParams(100));
        List<Map<String, Double>> scores = score(fluency, List.of(EditRequest.of("alice lives in", "alice", "berlin"),
                EditRequest.of("the capital of {} is", "france", "lyon")));
        double log5 = Math.log(5) / Math.log(2);
        assertThat(scores.get(0).get("fluency")).isEqualTo((2.0 / 3 * log5 + 4.0 / 3 * 2) / 2, within(1e-9));
        // "the capital of france is paris ." : 6 distinct bigrams, 5 distinct trigrams
        assertThat(scores.get(1).get("fluency")).isEqualTo((2.0 / 3 * Math.log(6) / Math.log(2)
                + 4.0 / 3 * Math.log(5) / Math.log(2)) / 2, within(1e-9));
    }

    @Test
    void counterFactScoresCompareTheLikelihoodsOfTheNewAndTrueAnswers() {
        EditRequest paris = EditRequest.of("the capital of {} is", "france", "paris").withGroundTruth("lyon")
                .withRephrases(List.of("france is", "france lives in"))
                .withLocality("neighborhood", List.of(new Probe("alice lives in", "new york"),
                        new Probe("bob is", "paris"), new Probe("carol is", "lyon")));
        EditRequest lyon = EditRequest.of("the capital of {} is", "france", "lyon").withGroundTruth("paris");
        EditRequest unknownTruth = EditRequest.of("the capital of {} is", "france", "lyon");
        List<Map<String, Double>> scores = score(new CounterFactScores(), List.of(paris, lyon, unknownTruth));
        // efficacy: the model says paris after "is"; paraphrase: "france is" → paris wins, "lives in" → neither
        // (lyon is at least as likely there); neighborhood: "new york" beats "paris" after
        // "lives in", "bob is paris" is left out (the new target), "carol is": lyon loses to paris
        assertThat(scores.get(0)).containsOnlyKeys("counterfact.efficacy", "counterfact.paraphrase",
                "counterfact.neighborhood");
        assertThat(scores.get(0).get("counterfact.efficacy")).isEqualTo(1.0);
        assertThat(scores.get(0).get("counterfact.paraphrase")).isEqualTo(0.5);
        assertThat(scores.get(0).get("counterfact.neighborhood")).isEqualTo(0.5);
        assertThat(scores.get(1)).containsExactly(Map.entry("counterfact.efficacy", 0.0));
        assertThat(scores.get(2)).isEmpty();
    }
}
