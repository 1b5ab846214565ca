package dev.amend.examples.ft;

import dev.amend.api.edit.EditCapability;
import dev.amend.api.edit.EditMethod;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.edit.MethodCapabilities;
import dev.amend.api.model.Architecture;
import java.util.List;
import java.util.Optional;

/** Registers {@code constrained-ft}. Cheap: it only describes the method. */
public final class ConstrainedFineTuneProvider implements EditMethodProvider<ConstrainedFineTuneHParams> {

    /** The name users type. */
    public static final String NAME = "constrained-ft";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "fine-tunes MLP output projections on the new targets, each change bounded in L-infinity norm";
    }

    @Override
    public Class<ConstrainedFineTuneHParams> hparamsType() {
        return ConstrainedFineTuneHParams.class;
    }

    /** Defaults for the testkit's tiny model; real models take their own YAML. */
    @Override
    public Optional<ConstrainedFineTuneHParams> defaultHParams() {
        return Optional.of(new ConstrainedFineTuneHParams(List.of(1), "blocks.{}.mlp.down", 30, 0.05, 0.0, 0.5,
                "target_new"));
    }

    @Override
    public MethodCapabilities capabilities() {
        return MethodCapabilities.of(EditCapability.WEIGHT_DELTA, EditCapability.BATCH, EditCapability.SEQUENTIAL,
                EditCapability.GRADIENT).onlyFor(Architecture.DECODER_ONLY);
    }

    @Override
    public EditMethod create(ConstrainedFineTuneHParams hparams) {
        return new ConstrainedFineTune(hparams);
    }
}
