package dev.amend.methods.serac;

import dev.amend.api.edit.EditCapability;
import dev.amend.api.edit.EditMethod;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.edit.MethodCapabilities;
import dev.amend.api.model.Architecture;
import java.util.List;
import java.util.Optional;

/** Registers {@code serac}: a memory of edits, a trained scope classifier and a counterfactual model. */
public final class SeracProvider implements EditMethodProvider<SeracHParams> {

    /** The name users type. */
    public static final String NAME = "serac";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "SERAC: stored edits; a trained scope classifier sends covered inputs to a counterfactual model that reads"
                + " the edit; no weight changes (train the archive with 'amend train --trainer serac')";
    }

    @Override
    public Class<SeracHParams> hparamsType() {
        return SeracHParams.class;
    }

    /** None: the archive is a trained artifact of one base model, so it is always named. */
    @Override
    public Optional<SeracHParams> defaultHParams() {
        return Optional.empty();
    }

    @Override
    public List<String> presets() {
        return List.of("toy");
    }

    @Override
    public MethodCapabilities capabilities() {
        return MethodCapabilities.of(EditCapability.RUNTIME_ONLY, EditCapability.BATCH, EditCapability.SEQUENTIAL,
                EditCapability.NEEDS_TRAINING).onlyFor(Architecture.DECODER_ONLY);
    }

    @Override
    public EditMethod create(SeracHParams hparams) {
        return new Serac(hparams);
    }
}
