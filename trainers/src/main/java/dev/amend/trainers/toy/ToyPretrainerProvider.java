package dev.amend.trainers.toy;

import dev.amend.toolkit.provider.TrainerProviderBase;
import java.util.Set;

/** Registers {@code toy-pretrain}: the embedded toy model's world and pretraining; its defaults made models/toy. */
public final class ToyPretrainerProvider extends TrainerProviderBase<ToyPretrainHParams> {

    /** Describes the trainer; does no work. */
    public ToyPretrainerProvider() {
        super("toy-pretrain", "pretrains a GPT-2 from scratch on a toy world (data set: its world.json), resumable",
                ToyPretrainHParams.class, Set.of(), ToyPretrainer::new);
    }
}
