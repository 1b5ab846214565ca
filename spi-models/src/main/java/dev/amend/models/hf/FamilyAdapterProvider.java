package dev.amend.models.hf;

import dev.amend.api.NoHParams;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.api.model.ModelAdapter;
import dev.amend.api.model.ModelAdapterProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** The shape of every built-in adapter provider: no options, loading through {@link #load}. */
public abstract class FamilyAdapterProvider implements ModelAdapterProvider<NoHParams> {

    @Override
    public final Class<NoHParams> hparamsType() {
        return NoHParams.class;
    }

    @Override
    public final Optional<NoHParams> defaultHParams() {
        return Optional.of(new NoHParams());
    }

    @Override
    public final ModelAdapter create(NoHParams hparams) {
        return this::load;
    }

    /** Loads a model directory of this family (its config.json is already known to name one of its types). */
    protected abstract LanguageModel load(Path directory, LoadOptions options) throws IOException;
}
