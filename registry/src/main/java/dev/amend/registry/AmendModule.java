package dev.amend.registry;

import com.google.inject.AbstractModule;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import dev.amend.api.NamedProvider;
import dev.amend.api.ProviderKind;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.metric.MetricProvider;
import dev.amend.api.model.ModelAdapterProvider;
import dev.amend.api.model.ModelLoader;
import dev.amend.api.train.TrainerProvider;
import dev.amend.registry.discovery.Discovered;
import dev.amend.registry.discovery.ProviderCatalog;
import dev.amend.registry.discovery.ProviderNames;
import dev.amend.registry.hparams.HParamsCodec;

/** Binds what discovery found: one {@code MapBinder} per plugin kind, keyed by lower-case provider name. */
public final class AmendModule extends AbstractModule {

    private final ProviderCatalog catalog;

    public AmendModule(ProviderCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    protected void configure() {
        bind(ProviderCatalog.class).toInstance(catalog);
        bindAll(ProviderKind.EDIT_METHOD, new TypeLiteral<EditMethodProvider<?>>() {});
        bindAll(ProviderKind.MODEL_ADAPTER, new TypeLiteral<ModelAdapterProvider<?>>() {});
        bindAll(ProviderKind.METRIC, new TypeLiteral<MetricProvider<?>>() {});
        bindAll(ProviderKind.TRAINER, new TypeLiteral<TrainerProvider<?>>() {});
        bind(HParamsCodec.class).asEagerSingleton();
        bind(ModelLoader.class).to(ModelDirectories.class);
    }

    private <P extends NamedProvider<?, ?>> void bindAll(ProviderKind kind, TypeLiteral<P> type) {
        MapBinder<String, P> binder = MapBinder.newMapBinder(binder(), TypeLiteral.get(String.class), type);
        for (Discovered d : catalog.providers(kind)) {
            @SuppressWarnings("unchecked")
            P provider = (P) d.provider();
            binder.addBinding(ProviderNames.key(d.name())).toInstance(provider);
        }
    }
}
