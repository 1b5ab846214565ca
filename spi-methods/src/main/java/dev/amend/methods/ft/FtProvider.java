package dev.amend.methods.ft;

import static dev.amend.api.edit.EditCapability.BATCH;
import static dev.amend.api.edit.EditCapability.GRADIENT;
import static dev.amend.api.edit.EditCapability.SEQUENTIAL;
import static dev.amend.api.edit.EditCapability.WEIGHT_DELTA;

import dev.amend.api.edit.MethodCapabilities;
import dev.amend.toolkit.provider.MethodProviderBase;

/** Registers {@code ft}: FT-L ({@code prompt_last} with an L∞ bound) and FT-M ({@code target_new}). */
public final class FtProvider extends MethodProviderBase<FtHParams> {

    /** The name users type. */
    public static final String NAME = "ft";

    /** Describes the method; does no work. */
    public FtProvider() {
        super(NAME,
                "FT-L / FT-M: fine-tune chosen weight matrices on the edits (FT-L: L-infinity bound)",
                FtHParams.class,
                MethodCapabilities.of(WEIGHT_DELTA, BATCH, SEQUENTIAL, GRADIENT),
                Ft::new);
    }
}
