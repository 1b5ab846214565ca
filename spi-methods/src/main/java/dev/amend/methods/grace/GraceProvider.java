package dev.amend.methods.grace;

import dev.amend.api.edit.EditCapability;
import dev.amend.api.edit.EditMethod;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.edit.MethodCapabilities;
import dev.amend.api.model.Architecture;
import java.util.List;
import java.util.Optional;

/** Registers {@code grace}: a codebook of (key, value, radius) at one layer, for lifelong sequential editing. */
public final class GraceProvider implements EditMethodProvider<GraceHParams> {

    /** The name users type. */
    public static final String NAME = "grace";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "GRACE: a discrete codebook at one MLP output; inputs within a key's deferral radius get its trained value";
    }

    @Override
    public Class<GraceHParams> hparamsType() {
        return GraceHParams.class;
    }

    /** EasyEdit's GRACE values (edit_lr 1, 50 steps, eps 1, cold values), on layer 1 of the testkit's tiny model. */
    @Override
    public Optional<GraceHParams> defaultHParams() {
        return Optional.of(new GraceHParams(List.of("blocks.1.mlp.down.weight"), 1.0, 50, 1.0, "euc", "cold", "sgd",
                "replace_last", "coverage"));
    }

    @Override
    public List<String> presets() {
        return List.of("toy", "llama-2-7b");
    }

    @Override
    public MethodCapabilities capabilities() {
        return MethodCapabilities.of(EditCapability.RUNTIME_ONLY, EditCapability.BATCH, EditCapability.SEQUENTIAL,
                EditCapability.GRADIENT).onlyFor(Architecture.DECODER_ONLY);
    }

    @Override
    public EditMethod create(GraceHParams hparams) {
        return new Grace(hparams);
    }
}
