package dev.amend.trainers.serac;

import dev.amend.api.train.Trainer;
import dev.amend.api.train.TrainerProvider;
import java.util.Optional;
import java.util.Set;

/** Registers {@code serac}: trains SERAC's scope classifier and counterfactual model on a ZsRE-format split. */
public final class SeracTrainerProvider implements TrainerProvider<SeracTrainHParams> {

    @Override
    public String name() {
        return "serac";
    }

    @Override
    public String description() {
        return "trains SERAC's scope classifier and counterfactual model (data set: a ZsRE-format train split), resumable";
    }

    @Override
    public Class<SeracTrainHParams> hparamsType() {
        return SeracTrainHParams.class;
    }

    @Override
    public Optional<SeracTrainHParams> defaultHParams() {
        return Optional.empty();
    }

    @Override
    public Set<String> servesMethods() {
        return Set.of("serac");
    }

    @Override
    public Trainer create(SeracTrainHParams hparams) {
        return new SeracTrainer(hparams);
    }
}
