package dev.amend.methods.kn;

import static dev.amend.api.edit.EditCapability.GRADIENT;
import static dev.amend.api.edit.EditCapability.SEQUENTIAL;
import static dev.amend.api.edit.EditCapability.WEIGHT_DELTA;

import dev.amend.api.edit.MethodCapabilities;
import dev.amend.api.model.Architecture;
import dev.amend.toolkit.provider.MethodProviderBase;

/** Registers {@code kn}. */
public final class KnProvider extends MethodProviderBase<KnHParams> {

    /** The name users type. */
    public static final String NAME = "kn";

    /** Describes the method; does no work. */
    public KnProvider() {
        super(NAME,
                "KN: knowledge neurons by integrated gradients, their value vectors rewritten (Dai et al., 2022)",
                KnHParams.class,
                MethodCapabilities.of(WEIGHT_DELTA, SEQUENTIAL, GRADIENT).onlyFor(Architecture.DECODER_ONLY),
                Kn::new);
    }
}
