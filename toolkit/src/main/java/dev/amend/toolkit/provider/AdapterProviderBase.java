package dev.amend.toolkit.provider;

import dev.amend.api.NoHParams;
import dev.amend.api.model.ModelAdapter;
import dev.amend.api.model.ModelAdapterProvider;
import java.util.Set;

/**
 * A model family's provider in a few lines: a subclass passes its name, description, the {@code config.json}
 * {@code model_type} values it loads and its adapter. Adapters take no options.
 */
public abstract class AdapterProviderBase extends ProviderBase<NoHParams, ModelAdapter>
        implements ModelAdapterProvider<NoHParams> {

    private final Set<String> modelTypes;

    /**
     * @param name the name users type
     * @param description one line for listings
     * @param modelTypes the {@code model_type} values of {@code config.json} the adapter loads
     * @param adapter loads model directories of the family (a method reference: making it must do no work)
     */
    protected AdapterProviderBase(String name, String description, Set<String> modelTypes, ModelAdapter adapter) {
        super(name, description, NoHParams.class, none -> adapter);
        this.modelTypes = Set.copyOf(modelTypes);
    }

    @Override
    public final Set<String> modelTypes() {
        return modelTypes;
    }
}
