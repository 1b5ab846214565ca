package dev.amend.methods.wise;

import dev.amend.api.edit.EditCapability;
import dev.amend.api.edit.EditMethod;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.edit.MethodCapabilities;
import dev.amend.api.model.Architecture;
import java.util.List;
import java.util.Optional;

/** Registers {@code wise}: a side memory beside one MLP output projection, with routing, for sequential editing. */
public final class WiseProvider implements EditMethodProvider<WiseHParams> {

    /** The name users type. */
    public static final String NAME = "wise";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "WISE: a side memory (a copy of one MLP output projection) trained on the edits, routed to by activation"
                + " score, kept in shards merged by TIES";
    }

    @Override
    public Class<WiseHParams> hparamsType() {
        return WiseHParams.class;
    }

    /**
     * EasyEdit's WISE values for LLaMA-2-7B (so that its YAML files load as they are), on layer 1 of the testkit's tiny
     * model, irrelevant inputs from {@code ./data/zsre_mend_train.json} (where EasyEdit's examples read them); no key
     * whitening, one routing decision per input; ROME's statistics keys for when whitening is turned on.
     */
    @Override
    public Optional<WiseHParams> defaultHParams() {
        return Optional.of(new WiseHParams(List.of("blocks.1.mlp.down.weight"), 0.2, 1.0, 70, 1.0,
                List.of(5.0, 20.0, 10.0), 0.88, 500, 1000, "ties", "only_label", 0.53, 1.0, true, false,
                "./data/zsre_mend_train.json", List.of(List.of(5, 5), List.of(10, 5)), null, null, null, null,
                "./data/stats", "wikipedia", 100000, "float32"));
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
    public EditMethod create(WiseHParams hparams) {
        return new Wise(hparams);
    }
}
