package dev.amend.api.train;

import java.io.IOException;
import java.nio.file.Path;

/** A configured trainer: the thing a {@link TrainerProvider} makes from hparams. */
public interface Trainer {

    /**
     * Trains, resuming from checkpoints in the output directory when there are any.
     *
     * @return the artifact directory, to be named by the {@code archive} key of the methods that use it
     */
    Path train(TrainingJob job) throws IOException;
}
