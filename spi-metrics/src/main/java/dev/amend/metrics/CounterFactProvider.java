package dev.amend.metrics;

import dev.amend.api.NoHParams;
import dev.amend.api.metric.Metric;

/** ROME's CounterFact probability scores: efficacy, paraphrase and neighborhood ({@link CounterFactScores}). */
public final class CounterFactProvider extends CoreMetricProviders.Base {

    @Override
    public String name() {
        return "counterfact";
    }

    @Override
    public String description() {
        return "ROME's probability scores: efficacy, paraphrase, neighborhood (P(new) > P(true)) per request";
    }

    @Override
    public Metric<?> create(NoHParams hparams) {
        return new CounterFactScores();
    }
}
