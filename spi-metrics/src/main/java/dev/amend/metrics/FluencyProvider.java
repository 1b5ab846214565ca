package dev.amend.metrics;

import dev.amend.api.metric.Metric;
import dev.amend.api.metric.MetricProvider;
import java.util.Optional;

/**
 * Fluency ({@link Fluency}): generates text, so it runs only when asked for, as EasyEdit's {@code test_generation}.
 */
public final class FluencyProvider implements MetricProvider<FluencyHParams> {

    @Override
    public String name() {
        return "fluency";
    }

    @Override
    public String description() {
        return "ROME's weighted bi/tri-gram entropy of the edit prompt's greedy continuation (opt-in: it generates)";
    }

    @Override
    public Class<FluencyHParams> hparamsType() {
        return FluencyHParams.class;
    }

    @Override
    public Optional<FluencyHParams> defaultHParams() {
        return Optional.of(new FluencyHParams(100));
    }

    @Override
    public boolean onByDefault() {
        return false;
    }

    @Override
    public Metric<?> create(FluencyHParams hparams) {
        return new Fluency(hparams.maxOutLen());
    }
}
