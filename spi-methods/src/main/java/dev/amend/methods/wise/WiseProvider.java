package dev.amend.methods.wise;

import static dev.amend.api.edit.EditCapability.BATCH;
import static dev.amend.api.edit.EditCapability.GRADIENT;
import static dev.amend.api.edit.EditCapability.RUNTIME_ONLY;
import static dev.amend.api.edit.EditCapability.SEQUENTIAL;

import dev.amend.api.edit.MethodCapabilities;
import dev.amend.api.model.Architecture;
import dev.amend.toolkit.provider.MethodProviderBase;

/** Registers {@code wise}: a side memory beside one MLP output projection, with routing, for sequential editing. */
public final class WiseProvider extends MethodProviderBase<WiseHParams> {

    /** The name users type. */
    public static final String NAME = "wise";

    /** Describes the method; does no work. */
    public WiseProvider() {
        super(NAME,
                "WISE: a side memory (a copy of one MLP output projection) trained on the edits, routed to by"
                        + " activation score, kept in shards merged by TIES",
                WiseHParams.class,
                MethodCapabilities.of(RUNTIME_ONLY, BATCH, SEQUENTIAL, GRADIENT).onlyFor(Architecture.DECODER_ONLY),
                Wise::new);
    }
}
