package dev.amend.metrics;

import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.Probe;
import dev.amend.api.metric.Metric;
import dev.amend.api.model.LanguageModel;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Teacher-forced accuracy on named groups of (prompt, answer) probes drawn from each request: a probe scores the
 * fraction of its answer tokens predicted; a group, the mean over its probes; the metric, the mean over all probes.
 * Reliability, generalization and portability are this with different probes.
 */
final class AnswerAccuracy implements Metric<Void> {

    private final String name;
    private final String semantics;
    private final Function<EditRequest, Map<String, List<Probe>>> probes;

    /**
     * @param name      the score's name
     * @param semantics the report line
     * @param probes    the probes of a request, by group (none: the request gets no score)
     */
    AnswerAccuracy(String name, String semantics, Function<EditRequest, Map<String, List<Probe>>> probes) {
        this.name = name;
        this.semantics = semantics;
        this.probes = probes;
    }

    @Override
    public String semantics() {
        return semantics;
    }

    /** {@return nulls: the score needs nothing of the unedited model} */
    @Override
    public List<Void> observe(LanguageModel base, List<EditRequest> requests) {
        return Collections.nCopies(requests.size(), null);
    }

    @Override
    public List<Map<String, Double>> score(LanguageModel edited, List<EditRequest> requests, List<Void> observations) {
        List<Map<String, List<Probe>>> perRequest = requests.stream().map(probes).toList();
        double[] accuracy = Predictions.of(edited, ProbeGroups.flatten(perRequest)).stream()
                .mapToDouble(Predictions::accuracy).toArray();
        return ProbeGroups.average(name, perRequest, accuracy);
    }
}
