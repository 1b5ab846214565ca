package dev.amend.methods.alphaedit;

import dev.amend.api.edit.EditCapability;
import dev.amend.api.edit.EditMethod;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.edit.MethodCapabilities;
import dev.amend.api.model.Architecture;
import java.util.List;
import java.util.Optional;

/** Registers {@code alphaedit}. */
public final class AlphaEditProvider implements EditMethodProvider<AlphaEditHParams> {

    /** The name users type. */
    public static final String NAME = "alphaedit";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "AlphaEdit: MEMIT projected into the null space of preserved keys, for sequential editing (Fang et al.)";
    }

    @Override
    public Class<AlphaEditHParams> hparamsType() {
        return AlphaEditHParams.class;
    }

    /** EasyEdit's gpt2-xl values for the optimisation; layers 0–1 of the testkit's tiny model. */
    @Override
    public Optional<AlphaEditHParams> defaultHParams() {
        return Optional.of(new AlphaEditHParams(List.of(0, 1), "subject_last", 20, 0.5, 0.5, 0.75, 0.0625, 20000,
                "blocks.{}.mlp.down", "./data/corpus.txt", 100000, "float32", "./data/stats", 2e-2, 10,
                List.of(List.of(10, 5)), false, null, null));
    }

    @Override
    public List<String> presets() {
        return List.of("toy", "gpt2-xl", "gpt-j-6b", "llama-2-7b");
    }

    @Override
    public MethodCapabilities capabilities() {
        return MethodCapabilities.of(EditCapability.WEIGHT_DELTA, EditCapability.BATCH, EditCapability.SEQUENTIAL,
                EditCapability.NEEDS_STATS, EditCapability.GRADIENT).onlyFor(Architecture.DECODER_ONLY);
    }

    @Override
    public EditMethod create(AlphaEditHParams hparams) {
        return new AlphaEdit(hparams);
    }
}
