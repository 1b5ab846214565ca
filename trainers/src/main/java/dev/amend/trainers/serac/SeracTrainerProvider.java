package dev.amend.trainers.serac;

import dev.amend.toolkit.provider.TrainerProviderBase;
import java.util.Set;

/**
 * Registers {@code serac}: trains SERAC's scope classifier and counterfactual model on a ZsRE-format split. No
 * defaults: every key is given (see {@code examples/trainers/serac-toy.yaml}).
 */
public final class SeracTrainerProvider extends TrainerProviderBase<SeracTrainHParams> {

    /** Describes the trainer; does no work. */
    public SeracTrainerProvider() {
        super("serac", "trains SERAC's scope classifier and counterfactual model (data set: a ZsRE-format train split),"
                + " resumable", SeracTrainHParams.class, Set.of("serac"), SeracTrainer::new);
    }
}
