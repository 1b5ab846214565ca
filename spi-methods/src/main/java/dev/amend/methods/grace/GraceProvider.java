package dev.amend.methods.grace;

import static dev.amend.api.edit.EditCapability.BATCH;
import static dev.amend.api.edit.EditCapability.GRADIENT;
import static dev.amend.api.edit.EditCapability.RUNTIME_ONLY;
import static dev.amend.api.edit.EditCapability.SEQUENTIAL;

import dev.amend.api.edit.MethodCapabilities;
import dev.amend.api.model.Architecture;
import dev.amend.toolkit.provider.MethodProviderBase;

/** Registers {@code grace}: a codebook of (key, value, radius) at one layer, for lifelong sequential editing. */
public final class GraceProvider extends MethodProviderBase<GraceHParams> {

    /** The name users type. */
    public static final String NAME = "grace";

    /** Describes the method; does no work. */
    public GraceProvider() {
        super(NAME,
                "GRACE: a discrete codebook at one MLP output; inputs within a key's deferral radius get its"
                        + " trained value",
                GraceHParams.class,
                MethodCapabilities.of(RUNTIME_ONLY, BATCH, SEQUENTIAL, GRADIENT).onlyFor(Architecture.DECODER_ONLY),
                Grace::new);
    }
}
