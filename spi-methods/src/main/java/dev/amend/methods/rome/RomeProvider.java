package dev.amend.methods.rome;

import dev.amend.api.edit.EditCapability;
import dev.amend.api.edit.EditMethod;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.edit.MethodCapabilities;
import dev.amend.api.model.Architecture;
import java.util.List;
import java.util.Optional;

/** Registers {@code rome}. */
public final class RomeProvider implements EditMethodProvider<RomeHParams> {

    /** The name users type. */
    public static final String NAME = "rome";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "ROME: rank-one update of one MLP output projection per layer (Meng et al., 2022)";
    }

    @Override
    public Class<RomeHParams> hparamsType() {
        return RomeHParams.class;
    }

    /**
     * EasyEdit's gpt2-xl values for the optimisation; layer 1 of the testkit's tiny model, no statistics. Real models
     * take a preset or their own YAML.
     */
    @Override
    public Optional<RomeHParams> defaultHParams() {
        return Optional.of(new RomeHParams(List.of(1), "subject_last", 20, 0.5, 0.5, 4, 0.0625, false,
                List.of(List.of(5, 10), List.of(10, 10)), "blocks.{}.mlp.down", "", 100000, "float32",
                "./data/stats", false, true, false, false, null, null));
    }

    @Override
    public List<String> presets() {
        return List.of("toy", "gpt2-xl", "gpt-j-6b", "llama-2-7b");
    }

    @Override
    public MethodCapabilities capabilities() {
        return MethodCapabilities.of(EditCapability.WEIGHT_DELTA, EditCapability.SEQUENTIAL,
                EditCapability.NEEDS_STATS, EditCapability.GRADIENT).onlyFor(Architecture.DECODER_ONLY);
    }

    @Override
    public EditMethod create(RomeHParams hparams) {
        return new Rome(hparams);
    }
}
