package dev.amend.testkit.tiny;

import dev.amend.toolkit.provider.AdapterProviderBase;
import java.util.Set;

/** Loads tiny model directories ({@code model_type: amend-tiny}); registered for every build that has the testkit. */
public final class TinyModelAdapterProvider extends AdapterProviderBase {

    /** Describes the tiny family; does no work. */
    public TinyModelAdapterProvider() {
        super("tiny", "the testkit's tiny transformer (word-level vocabulary, RMSNorm, causal attention, GELU MLP)",
                Set.of(TinyConfig.MODEL_TYPE), (directory, options) -> TinyModels.load(directory, options.device()));
    }
}
