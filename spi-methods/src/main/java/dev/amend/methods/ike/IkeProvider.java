package dev.amend.methods.ike;

import static dev.amend.api.edit.EditCapability.BATCH;
import static dev.amend.api.edit.EditCapability.RUNTIME_ONLY;
import static dev.amend.api.edit.EditCapability.SEQUENTIAL;

import dev.amend.api.edit.MethodCapabilities;
import dev.amend.api.model.Architecture;
import dev.amend.toolkit.provider.MethodProviderBase;

/** Registers {@code ike}: in-context editing with demonstrations retrieved by sentence embeddings. */
public final class IkeProvider extends MethodProviderBase<IkeHParams> {

    /** The name users type. */
    public static final String NAME = "ike";

    /** Describes the method; does no work. */
    public IkeProvider() {
        super(NAME,
                "IKE: the edit stated in context after k demonstrations retrieved by all-MiniLM-L6-v2; no weight"
                        + " changes",
                IkeHParams.class,
                MethodCapabilities.of(RUNTIME_ONLY, BATCH, SEQUENTIAL).onlyFor(Architecture.DECODER_ONLY),
                Ike::new);
    }
}
