package dev.amend.toolkit.provider;

import dev.amend.api.HParams;
import dev.amend.api.NamedProvider;
import java.util.Objects;
import java.util.function.Function;

/**
 * A provider described by its constructor: name, one line of description, hparams type and factory. Its hparams'
 * defaults and presets are YAML resources in a {@code presets/} folder next to the subclass ({@code default.yaml}
 * and one file per preset), which the runtime reads; the provider itself does no work until {@link #create}.
 *
 * @param <H> the hparams record
 * @param <T> what {@link #create} makes
 */
public abstract class ProviderBase<H extends HParams, T> implements NamedProvider<H, T> {

    private final String name;
    private final String description;
    private final Class<H> hparamsType;
    private final Function<? super H, ? extends T> factory;

    /**
     * @param name the name users type
     * @param description one line for listings
     * @param hparamsType the hparams record
     * @param factory makes the real thing from validated hparams
     */
    protected ProviderBase(String name, String description, Class<H> hparamsType,
                           Function<? super H, ? extends T> factory) {
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description");
        this.hparamsType = Objects.requireNonNull(hparamsType, "hparamsType");
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final Class<H> hparamsType() {
        return hparamsType;
    }

    @Override
    public final T create(H hparams) {
        return factory.apply(hparams);
    }

    @Override
    public String toString() {
        return name;
    }
}
