package dev.amend.api;

/**
 * A cheap, named factory discovered by {@link java.util.ServiceLoader}: the shape shared by the four plugin types.
 *
 * <p>Constructing a provider and calling anything but {@link #create} must do no work: no engine start, no file
 * I/O, no model load. The registry instantiates every provider it finds just to list them.
 *
 * <p>Hparams defaults and presets are resources, not code: EasyEdit-style YAML files in a {@code presets/} folder
 * next to the provider class (resources {@code <package>/presets/<name>.yaml}). {@code default.yaml} holds the
 * defaults that every hparams file is merged over (without it every key must be given, unless the record has none);
 * each other file is a preset users pick by name.
 *
 * @param <H> the provider's typed hyper-parameters
 * @param <T> what the provider makes
 */
public interface NamedProvider<H extends HParams, T> {

    /**
     * {@return the name users type: a letter, then letters, digits, {@code _} or {@code -}; unique (ignoring case)
     * within its kind}
     */
    String name();

    /** {@return one line for listings: what this provider does} */
    String description();

    /** {@return the record that {@link #create} takes; its components define the valid hparams keys} */
    Class<H> hparamsType();

    /**
     * {@return the real thing, made from {@code hparams}} This is where heavy work may start.
     *
     * @param hparams validated hparams, as the runtime read them
     */
    T create(H hparams);
}
