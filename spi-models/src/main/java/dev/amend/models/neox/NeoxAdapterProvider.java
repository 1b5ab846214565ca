package dev.amend.models.neox;

import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.models.hf.FamilyAdapterProvider;
import dev.amend.models.hf.HfConfig;
import dev.amend.models.hf.ModelLoading;
import dev.amend.models.nn.Ops;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/** Loads GPT-NeoX checkpoints ({@code model_type: gpt_neox}: GPT-NeoX-20B, Pythia, ...). */
public final class NeoxAdapterProvider extends FamilyAdapterProvider {

    @Override
    public String name() {
        return "gpt_neox";
    }

    @Override
    public String description() {
        return "GPT-NeoX, Pythia (fused per-head q/k/v, partial rotate-half rotary, parallel or sequential residual)";
    }

    @Override
    public Set<String> modelTypes() {
        return Set.of("gpt_neox");
    }

    @Override
    protected LanguageModel load(Path directory, LoadOptions options) throws IOException {
        HfConfig hf = HfConfig.read(directory);
        NeoxConfig c = NeoxConfig.from(hf);
        var activation = Ops.activation(c.activation(), hf.file() + " hidden_act");
        return ModelLoading.load(directory, options, hf, c.vocabSize(), NeoxModel.expectedShapes(c),
                stored -> NeoxModel.canonicalName(c, stored),
                (manager, params, tokenizer, stored) -> new NeoxModel(c, NeoxModel.spec(c, stored, options.device()),
                        manager, params, tokenizer, activation));
    }
}
