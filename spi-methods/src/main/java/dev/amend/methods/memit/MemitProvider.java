package dev.amend.methods.memit;

import dev.amend.api.edit.EditCapability;
import dev.amend.api.edit.EditMethod;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.edit.MethodCapabilities;
import dev.amend.api.model.Architecture;
import java.util.List;
import java.util.Optional;

/** Registers {@code memit}. */
public final class MemitProvider implements EditMethodProvider<MemitHParams> {

    /** The name users type. */
    public static final String NAME = "memit";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "MEMIT: batch edits spread over several MLP output projections (Meng et al., 2023)";
    }

    @Override
    public Class<MemitHParams> hparamsType() {
        return MemitHParams.class;
    }

    /** EasyEdit's gpt2-xl values for the optimisation; layers 0–1 of the testkit's tiny model. */
    @Override
    public Optional<MemitHParams> defaultHParams() {
        return Optional.of(new MemitHParams(List.of(0, 1), "subject_last", 20, 0.5, 0.5, 0.75, 0.0625, 20000,
                "blocks.{}.mlp.down", "./data/corpus.txt", 100000, "float32", "./data/stats",
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
    public EditMethod create(MemitHParams hparams) {
        return new Memit<>(hparams, NAME);
    }
}
