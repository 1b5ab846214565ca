package dev.amend.api;

import java.util.Optional;

/**
 * A cheap, named factory discovered by {@link java.util.ServiceLoader}: the shape shared by the four plugin types.
 *
 * <p>Constructing a provider and calling anything but {@link #create} must do no work: no engine start, no file
 * I/O, no model load. The registry instantiates every provider it finds just to list them.
 *
 * @param <H> the provider's typed hyper-parameters
 * @param <T> what the provider makes
 */
public interface NamedProvider<H extends HParams, T> {

    /** The name users type, matching {@link ProviderNames#PATTERN}; unique (ignoring case) within its kind. */
    String name();

    /** One line for listings: what this provider does. */
    String description();

    /** The record that {@link #create} takes; its components define the valid hparams keys. */
    Class<H> hparamsType();

    /**
     * Defaults that a user's hparams file is merged over. Empty means every key must be given. Providers that
     * take no options return {@code Optional.of(new NoHParams())}.
     */
    Optional<H> defaultHParams();

    /** Makes the real thing. This is where heavy work may start. */
    T create(H hparams);
}
