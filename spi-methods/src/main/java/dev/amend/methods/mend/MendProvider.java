package dev.amend.methods.mend;

import static dev.amend.api.edit.EditCapability.BATCH;
import static dev.amend.api.edit.EditCapability.GRADIENT;
import static dev.amend.api.edit.EditCapability.NEEDS_TRAINING;
import static dev.amend.api.edit.EditCapability.SEQUENTIAL;
import static dev.amend.api.edit.EditCapability.WEIGHT_DELTA;

import dev.amend.api.edit.MethodCapabilities;
import dev.amend.api.model.Architecture;
import dev.amend.toolkit.provider.MethodProviderBase;

/**
 * Registers {@code mend}: a trained network turns the edit's gradient into a weight update. No defaults: the archive
 * is a trained artifact of one base model, so it is always named.
 */
public final class MendProvider extends MethodProviderBase<MendHParams> {

    /** The name users type. */
    public static final String NAME = "mend";

    /** Describes the method; does no work. */
    public MendProvider() {
        super(NAME,
                "MEND: a trained hypernetwork maps the edit's gradient factors at MLP output projections to a"
                        + " low-rank weight update (train the archive with 'amend train --trainer mend')",
                MendHParams.class,
                MethodCapabilities.of(WEIGHT_DELTA, BATCH, SEQUENTIAL, NEEDS_TRAINING, GRADIENT)
                        .onlyFor(Architecture.DECODER_ONLY),
                Mend::new);
    }
}
