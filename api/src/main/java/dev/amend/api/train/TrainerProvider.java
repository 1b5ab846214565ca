package dev.amend.api.train;

import dev.amend.api.HParams;
import dev.amend.api.NamedProvider;
import java.util.Set;

/** Plugs a trainer into Amend. Found through {@code META-INF/services/dev.amend.api.train.TrainerProvider}. */
public interface TrainerProvider<H extends HParams> extends NamedProvider<H, Trainer> {

    /**
     * {@return names of the methods whose {@code archive} this trainer's artifacts serve (empty for a base-model
     * trainer)}
     */
    Set<String> servesMethods();
}
