package dev.amend.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.amend.api.NoHParams;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.Probe;
import dev.amend.api.metric.Metric;
import dev.amend.api.metric.MetricProvider;
import dev.amend.api.model.LanguageModel;
import dev.amend.testkit.tiny.TinyModels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed values on bigram models, whose next word depends only on the current word: after "is" the model
 * says "paris", after "in" "new", after "new" "york", after "a" "doctor".
 */
class CoreMetricsTest {

    private static final Map<String, String> TABLE = Map.of("is", "paris", "paris", ".", "in", "new", "new", "york",
            "york", ".", "a", "doctor");

    private static <S> List<Map<String, Double>> score(MetricProvider<NoHParams> provider, LanguageModel before,
                                                       LanguageModel after, List<EditRequest> requests) {
        @SuppressWarnings("unchecked")
        Metric<S> metric = (Metric<S>) provider.create(new NoHParams());
        return metric.score(after, requests, metric.observe(before, requests));
    }

    private static List<Map<String, Double>> score(MetricProvider<NoHParams> provider, List<EditRequest> requests) {
        try (LanguageModel model = TinyModels.bigram(TABLE)) {
            return score(provider, model, model, requests);
        }
    }

    @Test
    void reliabilityIsTheFractionOfTargetTokensPredicted() {
        List<Map<String, Double>> scores = score(new CoreMetricProviders.Reliability(), List.of(
                EditRequest.of("the capital of {} is", "france", "paris"),
                EditRequest.of("the capital of {} is", "france", "lyon"),
                EditRequest.of("alice lives in", "alice", "new york"),
                EditRequest.of("alice lives in", "alice", "new jersey")));
        assertThat(scores).containsExactly(Map.of("reliability", 1.0), Map.of("reliability", 0.0),
                Map.of("reliability", 1.0), Map.of("reliability", 0.5));
    }

    @Test
    void generalizationAveragesOverRephrases() {
        List<Map<String, Double>> scores = score(new CoreMetricProviders.Generalization(), List.of(
                EditRequest.of("the capital of {} is", "france", "paris")
                        .withRephrases(List.of("the capital city of france is", "france lives in")),
                EditRequest.of("the capital of {} is", "france", "paris")));
        assertThat(scores).containsExactly(Map.of("generalization", 0.5), Map.of());
    }

    @Test
    void portabilityReportsEachGroupAndTheMeanOverProbes() {
        EditRequest request = EditRequest.of("the capital of {} is", "france", "paris")
                .withPortability("one_hop", List.of(new Probe("alice lives in", "new york"),
                        new Probe("bob lives in", "new lyon")))
                .withPortability("two_hop", List.of(new Probe("carol works as a", "pilot")));
        Map<String, Double> score = score(new CoreMetricProviders.Portability(), List.of(request)).get(0);
        assertThat(score).containsOnly(Map.entry("portability.one_hop", 0.75), Map.entry("portability.two_hop", 0.0),
                Map.entry("portability", 1.5 / 3));
    }

    @Test
    void localityComparesPredictionsBeforeAndAfterNotAnswers() {
        Map<String, String> edited = new java.util.HashMap<>(TABLE);
        edited.put("is", "lyon");
        EditRequest request = EditRequest.of("the capital of {} is", "france", "lyon")
                .withLocality("neighborhood", List.of(new Probe("the capital of italy is", "rome"),
                        new Probe("alice lives in", "berlin")));
        try (LanguageModel before = TinyModels.bigram(TABLE); LanguageModel after = TinyModels.bigram(edited)) {
            List<Map<String, Double>> scores = score(new CoreMetricProviders.LocalityProvider(), before, after,
                    List.of(request, EditRequest.of("the capital of {} is", "france", "lyon")));
            // "italy is" → paris before, lyon after: 0; "lives in" → new before and after: 1 (even though the answer
            // "berlin" is never predicted).
            assertThat(scores).containsExactly(Map.of("locality", 0.5), Map.of());
        }
    }
}
