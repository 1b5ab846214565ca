package dev.amend.toolkit.provider;

import dev.amend.api.HParams;
import dev.amend.api.train.Trainer;
import dev.amend.api.train.TrainerProvider;
import java.util.Set;
import java.util.function.Function;

/**
 * A trainer's provider in a few lines: a subclass passes its name, description, hparams type, the methods its
 * artifacts serve and its factory.
 *
 * @param <H> the trainer's hparams
 */
public abstract class TrainerProviderBase<H extends HParams> extends ProviderBase<H, Trainer>
        implements TrainerProvider<H> {

    private final Set<String> servesMethods;

    /**
     * @param name the name users type
     * @param description one line for listings
     * @param hparamsType the hparams record
     * @param servesMethods the methods whose {@code archive} its artifacts are (empty for a base-model trainer)
     * @param factory makes the trainer from validated hparams
     */
    protected TrainerProviderBase(String name, String description, Class<H> hparamsType, Set<String> servesMethods,
                                  Function<? super H, ? extends Trainer> factory) {
        super(name, description, hparamsType, factory);
        this.servesMethods = Set.copyOf(servesMethods);
    }

    @Override
    public final Set<String> servesMethods() {
        return servesMethods;
    }
}
