package dev.amend.methods.rome;

import static dev.amend.api.edit.EditCapability.GRADIENT;
import static dev.amend.api.edit.EditCapability.NEEDS_STATS;
import static dev.amend.api.edit.EditCapability.SEQUENTIAL;
import static dev.amend.api.edit.EditCapability.WEIGHT_DELTA;

import dev.amend.api.edit.MethodCapabilities;
import dev.amend.api.model.Architecture;
import dev.amend.toolkit.provider.MethodProviderBase;

/** Registers {@code rome}. */
public final class RomeProvider extends MethodProviderBase<RomeHParams> {

    /** The name users type. */
    public static final String NAME = "rome";

    /** Describes the method; does no work. */
    public RomeProvider() {
        super(NAME,
                "ROME: rank-one update of one MLP output projection per layer (Meng et al., 2022)",
                RomeHParams.class,
                MethodCapabilities.of(WEIGHT_DELTA, SEQUENTIAL, NEEDS_STATS, GRADIENT)
                        .onlyFor(Architecture.DECODER_ONLY),
                hparams -> new Rome(NAME, hparams));
    }
}
