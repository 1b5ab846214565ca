package dev.amend.models.llama;

import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.models.hf.FamilyAdapterProvider;
import dev.amend.models.hf.HfConfig;
import dev.amend.models.hf.ModelLoading;
import dev.amend.models.nn.Ops;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/** Loads LLaMA-architecture checkpoints: {@code model_type} llama, mistral or qwen2. */
public final class LlamaAdapterProvider extends FamilyAdapterProvider {

    @Override
    public String name() {
        return "llama";
    }

    @Override
    public String description() {
        return "LLaMA and relatives (RMSNorm, rotary, grouped-query attention, SwiGLU; Mistral, Qwen2)";
    }

    @Override
    public Set<String> modelTypes() {
        return Set.of("llama", "mistral", "qwen2");
    }

    @Override
    protected LanguageModel load(Path directory, LoadOptions options) throws IOException {
        HfConfig hf = HfConfig.read(directory);
        LlamaConfig c = LlamaConfig.from(hf);
        var activation = Ops.activation(c.activation(), hf.file() + " hidden_act");
        return ModelLoading.load(directory, options, hf, c.vocabSize(), LlamaModel.expectedShapes(c),
                stored -> LlamaModel.canonicalName(c, stored),
                (manager, params, tokenizer, stored) -> new LlamaModel(c, LlamaModel.spec(c, stored, options.device()),
                        manager, params, tokenizer, activation));
    }
}
