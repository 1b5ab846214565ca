package dev.amend.metrics.fluency;

import dev.amend.toolkit.provider.MetricProviderBase;

/**
 * Fluency ({@link Fluency}): generates text, so it runs only when asked for, as EasyEdit's {@code test_generation}.
 */
public final class FluencyProvider extends MetricProviderBase<FluencyHParams> {

    /** Describes the metric; does no work. */
    public FluencyProvider() {
        super("fluency",
                "ROME's weighted bi/tri-gram entropy of the edit prompt's greedy continuation (opt-in: it generates)",
                FluencyHParams.class, false, h -> new Fluency(h.maxOutLen()));
    }
}
