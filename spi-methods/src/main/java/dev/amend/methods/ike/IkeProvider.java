package dev.amend.methods.ike;

import dev.amend.api.edit.EditCapability;
import dev.amend.api.edit.EditMethod;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.edit.MethodCapabilities;
import dev.amend.api.model.Architecture;
import java.util.List;
import java.util.Optional;

/** Registers {@code ike}: in-context editing with demonstrations retrieved by sentence embeddings. */
public final class IkeProvider implements EditMethodProvider<IkeHParams> {

    /** The name users type. */
    public static final String NAME = "ike";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "IKE: the edit stated in context after k demonstrations retrieved by all-MiniLM-L6-v2; no weight changes";
    }

    @Override
    public Class<IkeHParams> hparamsType() {
        return IkeHParams.class;
    }

    /** EasyEdit's IKE values (16 demonstrations, its template), demonstrations from {@code ./data/zsre_mend_train.json}. */
    @Override
    public Optional<IkeHParams> defaultHParams() {
        return Optional.of(new IkeHParams(IkeHParams.EMBEDDER, 16, "./data/zsre_mend_train.json",
                IkeHParams.EASYEDIT_TEMPLATE, "\n\n", ""));
    }

    @Override
    public List<String> presets() {
        return List.of("toy", "llama-2-7b");
    }

    @Override
    public MethodCapabilities capabilities() {
        return MethodCapabilities.of(EditCapability.RUNTIME_ONLY, EditCapability.BATCH, EditCapability.SEQUENTIAL)
                .onlyFor(Architecture.DECODER_ONLY);
    }

    @Override
    public EditMethod create(IkeHParams hparams) {
        return new Ike(hparams);
    }
}
