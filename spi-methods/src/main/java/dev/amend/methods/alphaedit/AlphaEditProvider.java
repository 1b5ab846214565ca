package dev.amend.methods.alphaedit;

import static dev.amend.api.edit.EditCapability.BATCH;
import static dev.amend.api.edit.EditCapability.GRADIENT;
import static dev.amend.api.edit.EditCapability.NEEDS_STATS;
import static dev.amend.api.edit.EditCapability.SEQUENTIAL;
import static dev.amend.api.edit.EditCapability.WEIGHT_DELTA;

import dev.amend.api.edit.MethodCapabilities;
import dev.amend.api.model.Architecture;
import dev.amend.toolkit.provider.MethodProviderBase;

/** Registers {@code alphaedit}. */
public final class AlphaEditProvider extends MethodProviderBase<AlphaEditHParams> {

    /** The name users type. */
    public static final String NAME = "alphaedit";

    /** Describes the method; does no work. */
    public AlphaEditProvider() {
        super(NAME,
                "AlphaEdit: MEMIT projected into the null space of preserved keys, for sequential editing"
                        + " (Fang et al.)",
                AlphaEditHParams.class,
                MethodCapabilities.of(WEIGHT_DELTA, BATCH, SEQUENTIAL, NEEDS_STATS, GRADIENT)
                        .onlyFor(Architecture.DECODER_ONLY),
                AlphaEdit::new);
    }
}
