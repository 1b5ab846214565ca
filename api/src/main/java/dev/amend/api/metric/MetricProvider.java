package dev.amend.api.metric;

import dev.amend.api.HParams;
import dev.amend.api.NamedProvider;

/** Plugs a metric into Amend. Found through {@code META-INF/services/dev.amend.api.metric.MetricProvider}. */
public interface MetricProvider<H extends HParams> extends NamedProvider<H, Metric<?>> {}
