package dev.amend.trainers.mend;

import dev.amend.api.Progress;
import dev.amend.api.train.TrainerProvider;
import dev.amend.api.train.TrainingJob;
import dev.amend.testkit.BaseTrainerContractTest;
import dev.amend.trainers.toy.TinyToyWorld;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The trainer contract, from the testkit, against {@code mend} on the tiny toy-world GPT-2 ({@link TinyToyWorld}): its
 * one MLP output projection, 6 steps of 2 edits, a checkpoint every 2.
 */
class MendTrainerContractTest extends BaseTrainerContractTest<MendTrainHParams> {

    @Override
    protected TrainerProvider<MendTrainHParams> provider() {
        return new MendTrainerProvider();
    }

    @Override
    protected MendTrainHParams exampleHParams() {
        return new MendTrainHParams(List.of("transformer.h[0].mlp.c_proj.weight"), 1e-4, 1e-3, 1e-3, 8, 1, "id",
                true, true, false, 0.1, 1.0, 2, 6, 100.0, 2);
    }

    @Override
    protected TrainingJob job(Path outputDir, Progress progress) {
        return TinyToyWorld.job(Optional.of(TinyToyWorld.dir().resolve("model")), outputDir, 5, progress);
    }

    @Override
    protected long killAfter() {
        return 3;
    }

    @Override
    protected List<String> deterministicFiles() {
        return List.of("mend.safetensors", "mend.json");
    }
}
