package dev.amend.trainers.serac;

import dev.amend.api.Progress;
import dev.amend.api.train.TrainerProvider;
import dev.amend.api.train.TrainingJob;
import dev.amend.registry.AmendRuntime;
import dev.amend.testkit.BaseTrainerContractTest;
import dev.amend.trainers.toy.ToyExports;
import dev.amend.trainers.toy.ToyPretrainHParams;
import dev.amend.trainers.toy.ToyPretrainerProvider;
import dev.amend.trainers.toy.ToyWorld;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The trainer contract, from the testkit, against {@code serac} with a tiny encoder (a 1-layer GPT-2 pretrained for two
 * steps on the toy world) and its ZsRE train split: 6 steps of 4 edits, a checkpoint every 2.
 */
class SeracTrainerContractTest extends BaseTrainerContractTest<SeracTrainHParams> {

    private static final AmendRuntime RUNTIME = AmendRuntime.create(null);
    private static Path world;

    /** The toy world's exports and a tiny model pretrained on it, made once per JVM. */
    private static synchronized Path world() {
        if (world == null) {
            try {
                Path dir = Files.createTempDirectory("serac-trainer-test");
                ToyExports.write(ToyWorld.generate(1), dir);
                ToyPretrainHParams tiny = new ToyPretrainHParams(1, 32, 2, 2, 2, 32, 1e-3, 0.9, 0.98, 0.0, 1, 0.1, 1.0,
                        0.1, 0.3, 2, 5.0, 0.05, 0.1, 0.2, 0, 0.02, 1, 1, 3, 1, "gelu");
                new ToyPretrainerProvider().create(tiny).train(new TrainingJob(Optional.empty(),
                        dir.resolve("world.json"), dir.resolve("encoder"), 0, RUNTIME.models(), Progress.NONE));
                world = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return world;
    }

    @Override
    protected TrainerProvider<SeracTrainHParams> provider() {
        return new SeracTrainerProvider();
    }

    @Override
    protected SeracTrainHParams exampleHParams() {
        String encoder = world().resolve("encoder").toString();
        return new SeracTrainHParams(encoder, encoder, false, false, true, 1e-3, 4, 6, 100.0, 2, 10);
    }

    @Override
    protected TrainingJob job(Path outputDir, Progress progress) {
        return new TrainingJob(Optional.empty(), world().resolve("zsre_mend_train.json"), outputDir, 5,
                RUNTIME.models(), progress);
    }

    @Override
    protected long killAfter() {
        return 3;
    }

    @Override
    protected List<String> deterministicFiles() {
        return List.of("classifier/model.safetensors", "classifier/config.json", "replacement/model.safetensors",
                "serac.json");
    }
}
