package dev.amend.trainers.serac;

import dev.amend.api.Progress;
import dev.amend.api.train.TrainerProvider;
import dev.amend.api.train.TrainingJob;
import dev.amend.testkit.BaseTrainerContractTest;
import dev.amend.trainers.toy.TinyToyWorld;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The trainer contract, from the testkit, against {@code serac} with both parts starting from the tiny toy-world GPT-2
 * ({@link TinyToyWorld}): 6 steps of 4 edits per part, a checkpoint every 2.
 */
class SeracTrainerContractTest extends BaseTrainerContractTest<SeracTrainHParams> {

    @Override
    protected TrainerProvider<SeracTrainHParams> provider() {
        return new SeracTrainerProvider();
    }

    @Override
    protected SeracTrainHParams exampleHParams() {
        String model = TinyToyWorld.dir().resolve("model").toString();
        return new SeracTrainHParams(model, model, false, false, true, 1e-3, 4, 6, 100.0, 2, 10,
                ". new fact : {prompt} {target}", ". ");
    }

    @Override
    protected TrainingJob job(Path outputDir, Progress progress) {
        return TinyToyWorld.job(Optional.empty(), outputDir, 5, progress);
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
