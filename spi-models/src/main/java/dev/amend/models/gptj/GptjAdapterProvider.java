package dev.amend.models.gptj;

import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.models.hf.HfConfig;
import dev.amend.models.hf.ModelLoading;
import dev.amend.models.nn.Ops;
import dev.amend.toolkit.provider.AdapterProviderBase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/** Loads GPT-J checkpoints ({@code model_type: gptj}). */
public final class GptjAdapterProvider extends AdapterProviderBase {

    /** Describes the family; does no work. */
    public GptjAdapterProvider() {
        super("gptj", "GPT-J (parallel attention and MLP, interleaved partial rotary, head with bias)", Set.of("gptj"),
                GptjAdapterProvider::load);
    }

    private static LanguageModel load(Path directory, LoadOptions options) throws IOException {
        HfConfig hf = HfConfig.read(directory);
        GptjConfig c = GptjConfig.from(hf);
        var activation = Ops.activation(c.activation(), hf.file() + " activation_function");
        return ModelLoading.load(directory, options, hf, c.vocabSize(), GptjModel.expectedShapes(c),
                stored -> GptjModel.canonicalName(c, stored),
                (manager, params, tokenizer, stored) -> new GptjModel(c, GptjModel.spec(c, stored, options.device()),
                        manager, params, tokenizer, activation));
    }
}
