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

    /** {@return the name users type, matching {@link ProviderNames#PATTERN}; unique (ignoring case) within its kind} */
    String name();

    /** {@return one line for listings: what this provider does} */
    String description();

    /** {@return the record that {@link #create} takes; its components define the valid hparams keys} */
    Class<H> hparamsType();

    /**
     * {@return defaults that a user's hparams file is merged over} Empty means every key must be given. Providers that
     * take no options return {@code Optional.of(new NoHParams())}.
     */
    Optional<H> defaultHParams();

    /**
     * {@return names of the hparams presets this provider ships, EasyEdit-style YAML files such as {@code gpt2-xl} or
     * {@code toy}, stored as resources {@code presets/<name>.yaml} next to the provider class}
     */
    default java.util.List<String> presets() {
        return java.util.List.of();
    }

    /**
     * {@return the YAML text of preset {@code name}}
     *
     * @param name one of {@link #presets()}
     * @throws IllegalArgumentException naming the presets there are
     */
    default String preset(String name) {
        if (!presets().contains(name)) {
            throw new IllegalArgumentException(name() + " has no preset '" + name + "'; its presets: " + presets());
        }
        String resource = "presets/" + name + ".yaml";
        try (java.io.InputStream in = getClass().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(name() + " lists preset '" + name + "' but its JAR lacks " + resource);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read preset " + resource, e);
        }
    }

    /**
     * {@return the real thing, made from {@code hparams}} This is where heavy work may start.
     *
     * @param hparams validated hparams, as the codec read them
     */
    T create(H hparams);
}
