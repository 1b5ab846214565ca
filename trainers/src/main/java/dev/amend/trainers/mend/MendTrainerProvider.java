package dev.amend.trainers.mend;

import dev.amend.toolkit.provider.TrainerProviderBase;
import java.util.Set;

/**
 * Registers {@code mend}: trains MEND's gradient transform for a base model on a ZsRE-format split. No defaults: every
 * key is given (see {@code examples/trainers/mend-toy.yaml}).
 */
public final class MendTrainerProvider extends TrainerProviderBase<MendTrainHParams> {

    /** Describes the trainer; does no work. */
    public MendTrainerProvider() {
        super("mend", "trains MEND's hypernetwork for a base model (data set: a ZsRE-format train split), resumable",
                MendTrainHParams.class, Set.of("mend"), MendTrainer::new);
    }
}
