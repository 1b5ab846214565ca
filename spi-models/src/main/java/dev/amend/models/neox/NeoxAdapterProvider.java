package dev.amend.models.neox;

import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.models.hf.HfConfig;
import dev.amend.models.hf.ModelLoading;
import dev.amend.models.nn.Ops;
import dev.amend.toolkit.provider.AdapterProviderBase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/** Loads GPT-NeoX checkpoints ({@code model_type: gpt_neox}: GPT-NeoX-20B, Pythia, ...). */
public final class NeoxAdapterProvider extends AdapterProviderBase {

    /** Describes the family; does no work. */
    public NeoxAdapterProvider() {
        super("gpt_neox",
                "GPT-NeoX, Pythia (fused per-head q/k/v, partial rotate-half rotary, parallel or sequential residual)",
                Set.of("gpt_neox"), NeoxAdapterProvider::load);
    }

    private static LanguageModel load(Path directory, LoadOptions options) throws IOException {
        HfConfig hf = HfConfig.read(directory);
        NeoxConfig c = NeoxConfig.from(hf);
        var activation = Ops.activation(c.activation(), hf.file() + " hidden_act");
        return ModelLoading.load(directory, options, hf, c.vocabSize(), NeoxModel.expectedShapes(c),
                stored -> NeoxModel.canonicalName(c, stored),
                (manager, params, tokenizer, stored) -> new NeoxModel(c, NeoxModel.spec(c, stored, options.device()),
                        manager, params, tokenizer, activation));
    }
}
