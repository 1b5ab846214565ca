package dev.amend.trainers.mend;

import dev.amend.api.train.Trainer;
import dev.amend.api.train.TrainerProvider;
import java.util.Optional;
import java.util.Set;

/** Registers {@code mend}: trains MEND's gradient transform for a base model on a ZsRE-format split. */
public final class MendTrainerProvider implements TrainerProvider<MendTrainHParams> {

    @Override
    public String name() {
        return "mend";
    }

    @Override
    public String description() {
        return "trains MEND's hypernetwork for a base model (data set: a ZsRE-format train split), resumable";
    }

    @Override
    public Class<MendTrainHParams> hparamsType() {
        return MendTrainHParams.class;
    }

    @Override
    public Optional<MendTrainHParams> defaultHParams() {
        return Optional.empty();
    }

    @Override
    public Set<String> servesMethods() {
        return Set.of("mend");
    }

    @Override
    public Trainer create(MendTrainHParams hparams) {
        return new MendTrainer(hparams);
    }
}
