package dev.amend.methods.rrome;

import static dev.amend.api.edit.EditCapability.GRADIENT;
import static dev.amend.api.edit.EditCapability.NEEDS_STATS;
import static dev.amend.api.edit.EditCapability.SEQUENTIAL;
import static dev.amend.api.edit.EditCapability.WEIGHT_DELTA;

import dev.amend.api.edit.MethodCapabilities;
import dev.amend.api.model.Architecture;
import dev.amend.methods.rome.Rome;
import dev.amend.methods.rome.RomeHParams;
import dev.amend.toolkit.provider.MethodProviderBase;

/**
 * Registers {@code r-rome}: EasyEdit's R-ROME ({@code easyeditor/models/r_rome}, {@code alg_name: R-ROME}), ROME with
 * the key and current value of the update averaged over the context templates like the key direction (Gupta et al.,
 * 2024, "Rebuilding ROME"). Same algorithm and hparams record as {@code rome}; R-ROME's defaults
 * ({@code enable_random_prefix_keys: true, original_implementation: false}).
 */
public final class RRomeProvider extends MethodProviderBase<RomeHParams> {

    /** The name users type ({@code alg_name: R-ROME} in EasyEdit's files). */
    public static final String NAME = "r-rome";

    /** Describes the method; does no work. */
    public RRomeProvider() {
        super(NAME,
                "R-ROME: ROME with key and value averaged over context templates (Gupta et al., 2024)",
                RomeHParams.class,
                MethodCapabilities.of(WEIGHT_DELTA, SEQUENTIAL, NEEDS_STATS, GRADIENT)
                        .onlyFor(Architecture.DECODER_ONLY),
                hparams -> new Rome(NAME, hparams));
    }
}
