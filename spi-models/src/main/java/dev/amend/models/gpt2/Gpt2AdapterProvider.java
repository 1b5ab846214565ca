package dev.amend.models.gpt2;

import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.models.hf.HfConfig;
import dev.amend.models.hf.ModelLoading;
import dev.amend.models.nn.Ops;
import dev.amend.toolkit.provider.AdapterProviderBase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/** Loads GPT-2 checkpoints ({@code model_type: gpt2}). */
public final class Gpt2AdapterProvider extends AdapterProviderBase {

    /** Describes the family; does no work. */
    public Gpt2AdapterProvider() {
        super("gpt2", "GPT-2 (learned positions, LayerNorm, fused c_attn, Conv1D weights, tied head)", Set.of("gpt2"),
                Gpt2AdapterProvider::load);
    }

    private static LanguageModel load(Path directory, LoadOptions options) throws IOException {
        HfConfig hf = HfConfig.read(directory);
        Gpt2Config c = Gpt2Config.from(hf);
        var activation = Ops.activation(c.activation(), hf.file() + " activation_function");
        return ModelLoading.load(directory, options, hf, c.vocabSize(), Gpt2Model.expectedShapes(c),
                stored -> Gpt2Model.canonicalName(c, stored),
                (manager, params, tokenizer, stored) -> new Gpt2Model(c, Gpt2Model.spec(c, stored, options.device()),
                        manager, params, tokenizer, activation));
    }
}
