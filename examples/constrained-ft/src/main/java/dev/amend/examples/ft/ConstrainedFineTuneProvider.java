package dev.amend.examples.ft;

import static dev.amend.api.edit.EditCapability.BATCH;
import static dev.amend.api.edit.EditCapability.GRADIENT;
import static dev.amend.api.edit.EditCapability.SEQUENTIAL;
import static dev.amend.api.edit.EditCapability.WEIGHT_DELTA;

import dev.amend.api.edit.MethodCapabilities;
import dev.amend.api.model.Architecture;
import dev.amend.toolkit.provider.MethodProviderBase;

/**
 * Registers {@code constrained-ft}. Cheap: it only describes the method. Its defaults (for the testkit's tiny model)
 * are {@code presets/default.yaml} next to this class.
 */
public final class ConstrainedFineTuneProvider extends MethodProviderBase<ConstrainedFineTuneHParams> {

    /** The name users type. */
    public static final String NAME = "constrained-ft";

    /** Describes the method; does no work. */
    public ConstrainedFineTuneProvider() {
        super(NAME, "fine-tunes MLP output projections on the new targets, each change bounded in L-infinity norm",
                ConstrainedFineTuneHParams.class,
                MethodCapabilities.of(WEIGHT_DELTA, BATCH, SEQUENTIAL, GRADIENT).onlyFor(Architecture.DECODER_ONLY),
                ConstrainedFineTune::new);
    }
}
