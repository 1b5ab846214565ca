package dev.amend.api.metric;

import dev.amend.api.HParams;
import dev.amend.api.NamedProvider;

/** Plugs a metric into Amend. Found through {@code META-INF/services/dev.amend.api.metric.MetricProvider}. */
public interface MetricProvider<H extends HParams> extends NamedProvider<H, Metric<?>> {

    /**
     * {@return whether editors and studies measure it when not told which metrics to run} Metrics that cost much more
     * than a forward pass per probe (fluency generates text) say false and run when named, as EasyEdit's {@code
     * test_generation}.
     */
    default boolean onByDefault() {
        return true;
    }
}
