package dev.amend.toolkit.provider;

import dev.amend.api.HParams;
import dev.amend.api.metric.Metric;
import dev.amend.api.metric.MetricProvider;
import java.util.function.Function;

/**
 * A metric's provider in a few lines: a subclass passes its name, description, hparams type, factory and whether it
 * runs when no metrics are named.
 *
 * @param <H> the metric's hparams
 */
public abstract class MetricProviderBase<H extends HParams> extends ProviderBase<H, Metric<?>>
        implements MetricProvider<H> {

    private final boolean onByDefault;

    /**
     * @param name the name users type
     * @param description one line for listings
     * @param hparamsType the hparams record
     * @param onByDefault whether editors and studies measure it when not told which metrics to run
     * @param factory makes the metric from validated hparams
     */
    protected MetricProviderBase(String name, String description, Class<H> hparamsType, boolean onByDefault,
                                 Function<? super H, ? extends Metric<?>> factory) {
        super(name, description, hparamsType, factory);
        this.onByDefault = onByDefault;
    }

    @Override
    public final boolean onByDefault() {
        return onByDefault;
    }
}
