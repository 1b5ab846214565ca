package dev.amend.trainers.toy;

import dev.amend.api.train.Trainer;
import dev.amend.api.train.TrainerProvider;
import java.util.Optional;
import java.util.Set;

/** Registers {@code toy-pretrain}: trains the embedded GPT-2 on a toy world ({@code world.json} as the data set). */
public final class ToyPretrainerProvider implements TrainerProvider<ToyPretrainHParams> {

    @Override
    public String name() {
        return "toy-pretrain";
    }

    @Override
    public String description() {
        return "pretrains a GPT-2 from scratch on a toy world (data set: its world.json), resumable";
    }

    @Override
    public Class<ToyPretrainHParams> hparamsType() {
        return ToyPretrainHParams.class;
    }

    @Override
    public Optional<ToyPretrainHParams> defaultHParams() {
        return Optional.of(ToyPretrainHParams.defaults());
    }

    @Override
    public Set<String> servesMethods() {
        return Set.of();
    }

    @Override
    public Trainer create(ToyPretrainHParams hparams) {
        return new ToyPretrainer(hparams);
    }
}
