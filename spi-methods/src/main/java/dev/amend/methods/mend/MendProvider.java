package dev.amend.methods.mend;

import dev.amend.api.edit.EditCapability;
import dev.amend.api.edit.EditMethod;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.edit.MethodCapabilities;
import dev.amend.api.model.Architecture;
import java.util.List;
import java.util.Optional;

/** Registers {@code mend}: a trained network turns the edit's gradient into a weight update. */
public final class MendProvider implements EditMethodProvider<MendHParams> {

    /** The name users type. */
    public static final String NAME = "mend";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "MEND: a trained hypernetwork maps the edit's gradient factors at MLP output projections to a low-rank"
                + " weight update (train the archive with 'amend train --trainer mend')";
    }

    @Override
    public Class<MendHParams> hparamsType() {
        return MendHParams.class;
    }

    /** None: the archive is a trained artifact of one base model, so it is always named. */
    @Override
    public Optional<MendHParams> defaultHParams() {
        return Optional.empty();
    }

    @Override
    public List<String> presets() {
        return List.of("toy");
    }

    @Override
    public MethodCapabilities capabilities() {
        return MethodCapabilities.of(EditCapability.WEIGHT_DELTA, EditCapability.BATCH, EditCapability.SEQUENTIAL,
                EditCapability.NEEDS_TRAINING, EditCapability.GRADIENT).onlyFor(Architecture.DECODER_ONLY);
    }

    @Override
    public EditMethod create(MendHParams hparams) {
        return new Mend(hparams);
    }
}
