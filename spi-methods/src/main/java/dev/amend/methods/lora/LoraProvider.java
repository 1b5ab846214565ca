package dev.amend.methods.lora;

import static dev.amend.api.edit.EditCapability.BATCH;
import static dev.amend.api.edit.EditCapability.GRADIENT;
import static dev.amend.api.edit.EditCapability.SEQUENTIAL;
import static dev.amend.api.edit.EditCapability.WEIGHT_DELTA;

import dev.amend.api.edit.MethodCapabilities;
import dev.amend.api.model.Architecture;
import dev.amend.toolkit.provider.MethodProviderBase;

/**
 * Registers {@code lora}: LoRA and AdaLoRA adapters (EasyEdit's {@code lora_type}) on the modules
 * {@code target_modules} names, attention projections included, trained on the edits.
 */
public final class LoraProvider extends MethodProviderBase<LoraHParams> {

    /** The name users type. */
    public static final String NAME = "lora";

    /** Describes the method; does no work. */
    public LoraProvider() {
        super(NAME,
                "LoRA: low-rank adapters (LoRA's B A or AdaLoRA's B (A ⊙ E), as peft) on attention or MLP"
                        + " projections, trained on the edits",
                LoraHParams.class,
                MethodCapabilities.of(WEIGHT_DELTA, BATCH, SEQUENTIAL, GRADIENT).onlyFor(Architecture.DECODER_ONLY),
                Lora::new);
    }
}
