package dev.amend.methods.kn;

import dev.amend.api.edit.EditCapability;
import dev.amend.api.edit.EditMethod;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.edit.MethodCapabilities;
import dev.amend.api.model.Architecture;
import java.util.List;
import java.util.Optional;

/** Registers {@code kn}. */
public final class KnProvider implements EditMethodProvider<KnHParams> {

    /** The name users type. */
    public static final String NAME = "kn";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "KN: knowledge neurons by integrated gradients, their value vectors rewritten (Dai et al., 2022)";
    }

    @Override
    public Class<KnHParams> hparamsType() {
        return KnHParams.class;
    }

    /** EasyEdit's gpt2-xl values. */
    @Override
    public Optional<KnHParams> defaultHParams() {
        return Optional.of(new KnHParams(20, 20, 0.2, 0.4, false));
    }

    @Override
    public List<String> presets() {
        return List.of("toy", "gpt2-xl", "gpt-j-6b", "llama-2-7b");
    }

    @Override
    public MethodCapabilities capabilities() {
        return MethodCapabilities.of(EditCapability.WEIGHT_DELTA, EditCapability.SEQUENTIAL, EditCapability.GRADIENT)
                .onlyFor(Architecture.DECODER_ONLY);
    }

    @Override
    public EditMethod create(KnHParams hparams) {
        return new Kn(hparams);
    }
}
