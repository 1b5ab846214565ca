package dev.amend.api.train;

import java.io.IOException;
import java.nio.file.Path;

/** A configured trainer: the thing a {@link TrainerProvider} makes from hparams. */
public interface Trainer {

    /**
     * Trains, resuming from checkpoints in the output directory when there are any.
     *
     * @param job the data, hparams, output directory and progress of the run
     * @return the artifact directory, to be named by the {@code archive} key of the methods that use it
     * @throws IOException when the data cannot be read or the output written
     */
    Path train(TrainingJob job) throws IOException;
}
