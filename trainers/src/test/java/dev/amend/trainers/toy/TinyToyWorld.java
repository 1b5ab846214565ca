package dev.amend.trainers.toy;

import dev.amend.api.Progress;
import dev.amend.api.train.TrainingJob;
import dev.amend.registry.AmendRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The toy world's exports (seed 1) and a 1-layer d=32 GPT-2 pretrained on them for two steps, in {@code model/}: the
 * small, real setting of the trainers' contract tests. Made once per JVM.
 */
public final class TinyToyWorld {

    /** The runtime the tests load models with. */
    public static final AmendRuntime RUNTIME = AmendRuntime.create(null);
    private static Path dir;

    private TinyToyWorld() {}

    /** The directory holding the exports and {@code model/}. */
    public static synchronized Path dir() {
        if (dir == null) {
            try {
                Path made = Files.createTempDirectory("tiny-toy-world");
                ToyExports.write(ToyWorld.generate(1), made);
                ToyPretrainHParams tiny = new ToyPretrainHParams(1, 32, 2, 2, 2, 32, 1e-3, 0.9, 0.98, 0.0, 1, 0.1, 1.0,
                        0.1, 0.3, 2, 5.0, 0.05, 0.1, 0.2, 0, 0.02, 1, 1, 3, 1, "gelu");
                new ToyPretrainerProvider().create(tiny).train(new TrainingJob(Optional.empty(),
                        made.resolve("world.json"), made.resolve("model"), 0, RUNTIME.models(), Progress.NONE));
                dir = made;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    /** A training job on the world's ZsRE train split. */
    public static TrainingJob job(Optional<Path> baseModel, Path outputDir, long seed, Progress progress) {
        return new TrainingJob(baseModel, dir().resolve("zsre_mend_train.json"), outputDir, seed, RUNTIME.models(),
                progress);
    }
}
