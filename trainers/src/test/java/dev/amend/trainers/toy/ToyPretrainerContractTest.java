package dev.amend.trainers.toy;

import dev.amend.api.Progress;
import dev.amend.api.train.TrainerProvider;
import dev.amend.api.train.TrainingJob;
import dev.amend.registry.AmendRuntime;
import dev.amend.testkit.BaseTrainerContractTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The trainer contract, from the testkit, against {@code toy-pretrain} with a small model (40 steps). */
class ToyPretrainerContractTest extends BaseTrainerContractTest<ToyPretrainHParams> {

    private final AmendRuntime runtime = AmendRuntime.create(null);

    /** A small, fast configuration (1 layer, d=32, 40 steps of 8 rows, a checkpoint every 10 steps, seed 3). */
    static ToyPretrainHParams small() {
        return new ToyPretrainHParams(1, 32, 2, 40, 8, 32, 3e-3, 0.9, 0.98, 0.01, 5, 0.1, 1.0, 0.1, 0.3, 2, 5.0, 0.05,
                0.1, 0.2, 10, 0.02, 10, 20, 3, 1, "gelu");
    }

    @Override
    protected TrainerProvider<ToyPretrainHParams> provider() {
        return new ToyPretrainerProvider();
    }

    @Override
    protected ToyPretrainHParams exampleHParams() {
        return small();
    }

    @Override
    protected TrainingJob job(Path outputDir, Progress progress) throws IOException {
        Path world = temp.resolve("world.json");
        if (!Files.exists(world)) {
            ToyWorld.generate(1).write(world);
        }
        return new TrainingJob(Optional.empty(), world, outputDir, 3, runtime.models(), progress);
    }

    @Override
    protected long killAfter() {
        return 25;
    }

    @Override
    protected List<String> deterministicFiles() {
        return List.of("model.safetensors", "config.json", "tokenizer.json");
    }
}
