package dev.amend.methods.memit;

import static dev.amend.api.edit.EditCapability.BATCH;
import static dev.amend.api.edit.EditCapability.GRADIENT;
import static dev.amend.api.edit.EditCapability.NEEDS_STATS;
import static dev.amend.api.edit.EditCapability.SEQUENTIAL;
import static dev.amend.api.edit.EditCapability.WEIGHT_DELTA;

import dev.amend.api.edit.MethodCapabilities;
import dev.amend.api.model.Architecture;
import dev.amend.toolkit.provider.MethodProviderBase;

/** Registers {@code memit}. */
public final class MemitProvider extends MethodProviderBase<MemitHParams> {

    /** The name users type. */
    public static final String NAME = "memit";

    /** Describes the method; does no work. */
    public MemitProvider() {
        super(NAME,
                "MEMIT: batch edits spread over several MLP output projections (Meng et al., 2023)",
                MemitHParams.class,
                MethodCapabilities.of(WEIGHT_DELTA, BATCH, SEQUENTIAL, NEEDS_STATS, GRADIENT)
                        .onlyFor(Architecture.DECODER_ONLY),
                h -> new Memit<>(h, NAME));
    }
}
