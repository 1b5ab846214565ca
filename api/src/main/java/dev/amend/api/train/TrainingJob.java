package dev.amend.api.train;

import dev.amend.api.Progress;
import dev.amend.api.model.ModelLoader;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One training run.
 *
 * @param baseModel  the model directory to train against, where the trainer needs one
 * @param dataset    the training data file
 * @param outputDir  where the artifact (and checkpoints, for resuming) go
 * @param seed       seed of everything random
 * @param models     loads model directories
 * @param progress   where to report progress
 */
public record TrainingJob(Optional<Path> baseModel, Path dataset, Path outputDir, long seed, ModelLoader models,
                          Progress progress) {

    /**
     * Checks that every part is given.
     *
     * @param baseModel the model directory to train against, where the trainer needs one
     * @param dataset the training data file
     * @param outputDir where the artifact (and checkpoints, for resuming) go
     * @param seed seed of everything random
     * @param models loads model directories
     * @param progress where to report progress
     */
    public TrainingJob {
        Objects.requireNonNull(baseModel, "baseModel");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(outputDir, "outputDir");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(progress, "progress");
    }
}
