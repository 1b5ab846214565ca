package dev.amend.metrics.fluency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.amend.api.edit.EditRequest;
import dev.amend.api.metric.Metric;
import dev.amend.api.model.LanguageModel;
import dev.amend.testkit.tiny.TinyModels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fluency on a bigram model whose next word depends only on the current one: after "is" it says "paris", after "in"
 * "new", then "york", then ".", then the end of the text.
 */
class FluencyTest {

    private static final Map<String, String> TABLE = Map.of("is", "paris", "paris", ".", "in", "new", "new", "york",
            "york", ".");

    private static List<Map<String, Double>> score(Metric<Void> metric, List<EditRequest> requests) {
        try (LanguageModel model = TinyModels.bigram(TABLE)) {
            return metric.score(model, requests, metric.observe(model, requests));
        }
    }

    /** "alice lives in" + "new york ." : 5 distinct bigrams of 5 (log2 5 bits), 4 distinct trigrams (2 bits). */
    @Test
    void fluencyIsTheNGramEntropyOfThePromptAndItsGreedyContinuation() {
        List<Map<String, Double>> scores = score(new Fluency(100), List.of(EditRequest.of("alice lives in", "alice",
                "berlin"), EditRequest.of("the capital of {} is", "france", "lyon")));
        double log5 = Math.log(5) / Math.log(2);
        assertThat(scores.get(0).get("fluency")).isEqualTo((2.0 / 3 * log5 + 4.0 / 3 * 2) / 2, within(1e-9));
        // "the capital of france is paris ." : 6 distinct bigrams, 5 distinct trigrams
        assertThat(scores.get(1).get("fluency")).isEqualTo((2.0 / 3 * Math.log(6) / Math.log(2)
                + 4.0 / 3 * Math.log(5) / Math.log(2)) / 2, within(1e-9));
    }
}
