package dev.amend.methods.serac;

import static dev.amend.api.edit.EditCapability.BATCH;
import static dev.amend.api.edit.EditCapability.NEEDS_TRAINING;
import static dev.amend.api.edit.EditCapability.RUNTIME_ONLY;
import static dev.amend.api.edit.EditCapability.SEQUENTIAL;

import dev.amend.api.edit.MethodCapabilities;
import dev.amend.api.model.Architecture;
import dev.amend.toolkit.provider.MethodProviderBase;

/**
 * Registers {@code serac}: a memory of edits, a trained scope classifier and a counterfactual model. Its defaults are
 * EasyEdit's (hparams/SERAC/gpt2-xl.yaml), archive path included: name the archive trained for the model edited.
 */
public final class SeracProvider extends MethodProviderBase<SeracHParams> {

    /** The name users type. */
    public static final String NAME = "serac";

    /** Describes the method; does no work. */
    public SeracProvider() {
        super(NAME,
                "SERAC: stored edits; a trained scope classifier sends covered inputs to a counterfactual model"
                        + " that reads the edit; no weight changes (train the archive with"
                        + " 'amend train --trainer serac')",
                SeracHParams.class,
                MethodCapabilities.of(RUNTIME_ONLY, BATCH, SEQUENTIAL, NEEDS_TRAINING)
                        .onlyFor(Architecture.DECODER_ONLY),
                Serac::new);
    }
}
