package dev.amend.registry;

import dev.amend.api.edit.EditRequest;
import dev.amend.api.metric.Metric;
import dev.amend.api.model.LanguageModel;
import java.util.List;
import java.util.Map;

/** One metric's observations of the unedited model, kept for scoring the edited one. */
final class MetricRun<S> {
    private final Metric<S> metric;
    private List<S> observations;

    MetricRun(Metric<S> metric) {
        this.metric = metric;
    }

    void observe(LanguageModel base, List<EditRequest> requests) {
        observations = metric.observe(base, requests);
    }

    /** Scores the first {@code requests.size()} observed requests, which {@code requests} must be. */
    List<Map<String, Double>> score(LanguageModel model, List<EditRequest> requests) {
        return metric.score(model, requests, observations.subList(0, requests.size()));
    }
}
