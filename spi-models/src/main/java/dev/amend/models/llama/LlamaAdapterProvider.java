package dev.amend.models.llama;

import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.models.hf.HfConfig;
import dev.amend.models.hf.ModelLoading;
import dev.amend.models.nn.Ops;
import dev.amend.toolkit.provider.AdapterProviderBase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/** Loads LLaMA-architecture checkpoints: {@code model_type} llama, mistral or qwen2. */
public final class LlamaAdapterProvider extends AdapterProviderBase {

    /** Describes the family; does no work. */
    public LlamaAdapterProvider() {
        super("llama",
                "LLaMA and relatives (RMSNorm, rotary, grouped-query attention, SwiGLU; Mistral, Qwen2)",
                Set.of("llama", "mistral", "qwen2"), LlamaAdapterProvider::load);
    }

    private static LanguageModel load(Path directory, LoadOptions options) throws IOException {
        HfConfig hf = HfConfig.read(directory);
        LlamaConfig c = LlamaConfig.from(hf);
        var activation = Ops.activation(c.activation(), hf.file() + " hidden_act");
        return ModelLoading.load(directory, options, hf, c.vocabSize(), LlamaModel.expectedShapes(c),
                stored -> LlamaModel.canonicalName(c, stored),
                (manager, params, tokenizer, stored) -> new LlamaModel(c, LlamaModel.spec(c, stored, options.device()),
                        manager, params, tokenizer, activation));
    }
}
