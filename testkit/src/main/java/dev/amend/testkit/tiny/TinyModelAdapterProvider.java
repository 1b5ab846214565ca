package dev.amend.testkit.tiny;

import dev.amend.api.NoHParams;
import dev.amend.api.model.ModelAdapter;
import dev.amend.api.model.ModelAdapterProvider;
import java.util.Optional;
import java.util.Set;

/** Loads tiny model directories ({@code model_type: amend-tiny}); registered for every build that has the testkit. */
public final class TinyModelAdapterProvider implements ModelAdapterProvider<NoHParams> {

    @Override
    public String name() {
        return "tiny";
    }

    @Override
    public String description() {
        return "the testkit's tiny transformer (word-level vocabulary, RMSNorm, causal attention, GELU MLP)";
    }

    @Override
    public Class<NoHParams> hparamsType() {
        return NoHParams.class;
    }

    @Override
    public Optional<NoHParams> defaultHParams() {
        return Optional.of(new NoHParams());
    }

    @Override
    public Set<String> modelTypes() {
        return Set.of(TinyConfig.MODEL_TYPE);
    }

    @Override
    public ModelAdapter create(NoHParams hparams) {
        return (directory, options) -> TinyModels.load(directory, options.device());
    }
}
