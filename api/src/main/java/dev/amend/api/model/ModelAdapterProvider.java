package dev.amend.api.model;

import dev.amend.api.HParams;
import dev.amend.api.NamedProvider;
import java.util.Set;

/**
 * Plugs an architecture family into Amend. Found through {@code
 * META-INF/services/dev.amend.api.model.ModelAdapterProvider}.
 */
public interface ModelAdapterProvider<H extends HParams> extends NamedProvider<H, ModelAdapter> {

    /**
     * {@return the {@code model_type} values of {@code config.json} this adapter loads (for example gpt2; llama,
     * mistral)}
     */
    Set<String> modelTypes();
}
