package dev.amend.methods.lora;

import dev.amend.api.edit.EditCapability;
import dev.amend.api.edit.EditMethod;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.edit.MethodCapabilities;
import dev.amend.api.model.Architecture;
import java.util.List;
import java.util.Optional;

/** Registers {@code lora}: low-rank adapters on MLP output projections, trained on the edits. */
public final class LoraProvider implements EditMethodProvider<LoraHParams> {

    /** The name users type. */
    public static final String NAME = "lora";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "LoRA: low-rank adapters (B A, scaled by lora_alpha / r) on MLP output projections, trained on the edits";
    }

    @Override
    public Class<LoraHParams> hparamsType() {
        return LoraHParams.class;
    }

    /** EasyEdit's LoRA values (rank 8, alpha 32, lr 5e-3, 70 steps), on layer 1 of the testkit's tiny model. */
    @Override
    public Optional<LoraHParams> defaultHParams() {
        return Optional.of(new LoraHParams("lora", List.of(1), 70, 1, 5e-3, 0, 8, 32, 0.1,
                List.of("blocks.{}.mlp.down")));
    }

    @Override
    public List<String> presets() {
        return List.of("toy", "llama-2-7b");
    }

    @Override
    public MethodCapabilities capabilities() {
        return MethodCapabilities.of(EditCapability.WEIGHT_DELTA, EditCapability.BATCH, EditCapability.SEQUENTIAL,
                EditCapability.GRADIENT).onlyFor(Architecture.DECODER_ONLY);
    }

    @Override
    public EditMethod create(LoraHParams hparams) {
        return new Lora(hparams);
    }
}
