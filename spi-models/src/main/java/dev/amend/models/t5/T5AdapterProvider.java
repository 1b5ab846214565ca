package dev.amend.models.t5;

import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.models.hf.HfConfig;
import dev.amend.models.hf.ModelLoading;
import dev.amend.models.nn.Ops;
import dev.amend.toolkit.provider.AdapterProviderBase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/** Loads T5 checkpoints, v1.0 (relu) and v1.1 (gated-gelu) ({@code model_type: t5}). */
public final class T5AdapterProvider extends AdapterProviderBase {

    /** Describes the family; does no work. */
    public T5AdapterProvider() {
        super("t5",
                "T5 v1.0 and v1.1 (encoder-decoder, relative position buckets, RMSNorm, gated or plain MLP)",
                Set.of("t5"), T5AdapterProvider::load);
    }

    private static LanguageModel load(Path directory, LoadOptions options) throws IOException {
        HfConfig hf = HfConfig.read(directory);
        T5Config c = T5Config.from(hf);
        var activation = Ops.activation(c.activation(), hf.file() + " feed_forward_proj");
        return ModelLoading.load(directory, options, hf, c.vocabSize(), T5Model.expectedShapes(c),
                stored -> T5Model.canonicalName(c, stored),
                (manager, params, tokenizer, stored) -> new T5Model(c, T5Model.spec(c, stored, options.device()),
                        manager, params, tokenizer, activation));
    }
}
