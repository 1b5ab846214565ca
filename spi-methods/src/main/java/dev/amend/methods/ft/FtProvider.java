package dev.amend.methods.ft;

import dev.amend.api.edit.EditCapability;
import dev.amend.api.edit.EditMethod;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.edit.MethodCapabilities;
import dev.amend.api.model.Architecture;
import java.util.List;
import java.util.Optional;

/** Registers {@code ft}: FT-L ({@code prompt_last} with an L∞ bound) and FT-M ({@code target_new}). */
public final class FtProvider implements EditMethodProvider<FtHParams> {

    /** The name users type. */
    public static final String NAME = "ft";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "FT-L / FT-M: fine-tune chosen weight matrices on the edits (FT-L: L-infinity bound)";
    }

    @Override
    public Class<FtHParams> hparamsType() {
        return FtHParams.class;
    }

    /** EasyEdit's gpt2-xl FT-L values, on layer 1 of the testkit's tiny model. */
    @Override
    public Optional<FtHParams> defaultHParams() {
        return Optional.of(new FtHParams(List.of(1), 25, 3, 5e-4, 0, new NormConstraint(5e-4), "prompt_last",
                "blocks.{}.mlp.down"));
    }

    @Override
    public List<String> presets() {
        return List.of("toy", "toy-ft-m", "gpt2-xl", "gpt-j-6b", "llama-2-7b");
    }

    @Override
    public MethodCapabilities capabilities() {
        return MethodCapabilities.of(EditCapability.WEIGHT_DELTA, EditCapability.BATCH, EditCapability.SEQUENTIAL,
                EditCapability.GRADIENT);
    }

    @Override
    public EditMethod create(FtHParams hparams) {
        return new Ft(hparams);
    }
}
