package dev.amend.registry;

import dev.amend.api.NamedProvider;
import dev.amend.api.ProviderKind;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.metric.MetricProvider;
import dev.amend.api.model.ModelAdapterProvider;
import dev.amend.api.train.TrainerProvider;
import dev.amend.registry.discovery.ProviderNames;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Providers by name, as bound by Guice (one {@code MapBinder} per kind, keyed by lower-case name). Lookups ignore
 * case; an unknown name fails with the known names and the closest one.
 */
public final class Providers {

    private final Map<String, EditMethodProvider<?>> methods;
    private final Map<String, ModelAdapterProvider<?>> adapters;
    private final Map<String, MetricProvider<?>> metrics;
    private final Map<String, TrainerProvider<?>> trainers;

    @Inject
    public Providers(Map<String, EditMethodProvider<?>> methods, Map<String, ModelAdapterProvider<?>> adapters,
                     Map<String, MetricProvider<?>> metrics, Map<String, TrainerProvider<?>> trainers) {
        this.methods = Map.copyOf(methods);
        this.adapters = Map.copyOf(adapters);
        this.metrics = Map.copyOf(metrics);
        this.trainers = Map.copyOf(trainers);
    }

    /** The editing method named {@code name}. */
    public EditMethodProvider<?> method(String name) {
        return lookup(ProviderKind.EDIT_METHOD, methods, name);
    }

    /** The model adapter named {@code name}. */
    public ModelAdapterProvider<?> adapter(String name) {
        return lookup(ProviderKind.MODEL_ADAPTER, adapters, name);
    }

    /** The metric named {@code name}. */
    public MetricProvider<?> metric(String name) {
        return lookup(ProviderKind.METRIC, metrics, name);
    }

    /** The trainer named {@code name}. */
    public TrainerProvider<?> trainer(String name) {
        return lookup(ProviderKind.TRAINER, trainers, name);
    }

    /**
     * The adapter that loads {@code config.json}'s {@code model_type}.
     *
     * @throws dev.amend.api.InvalidInputException listing the model types that adapters serve
     */
    public ModelAdapterProvider<?> adapterForModelType(String modelType) {
        List<ModelAdapterProvider<?>> matches = adapters.values().stream()
                .filter(a -> a.modelTypes().contains(modelType)).toList();
        if (matches.size() == 1) {
            return matches.get(0);
        }
        Collection<String> known = new TreeSet<>();
        adapters.values().forEach(a -> known.addAll(a.modelTypes()));
        if (matches.isEmpty()) {
            throw new dev.amend.api.InvalidInputException("no model adapter loads model_type '" + modelType + "'"
                    + DidYouMean.hint(modelType, known) + "; model types served: "
                    + (known.isEmpty() ? "none" : String.join(", ", known)));
        }
        throw new dev.amend.api.InvalidInputException("several model adapters claim model_type '" + modelType + "': "
                + matches.stream().map(NamedProvider::name).sorted().toList());
    }

    /** All metrics, by name. */
    public Map<String, MetricProvider<?>> metrics() {
        return metrics;
    }

    /**
     * The metrics named, in the order given; when {@code names} is null, every metric {@link
     * MetricProvider#onByDefault() on by default}, by name.
     *
     * @throws UnknownProviderException naming the metrics there are
     */
    public java.util.List<MetricProvider<?>> metrics(java.util.List<String> names) {
        if (names == null) {
            return metrics.values().stream().filter(MetricProvider::onByDefault)
                    .sorted(java.util.Comparator.comparing(MetricProvider::name)).toList();
        }
        return names.stream().<MetricProvider<?>>map(this::metric).distinct().toList();
    }

    public Map<String, EditMethodProvider<?>> methods() {
        return methods;
    }

    public Map<String, ModelAdapterProvider<?>> adapters() {
        return adapters;
    }

    public Map<String, TrainerProvider<?>> trainers() {
        return trainers;
    }

    private static <P extends NamedProvider<?, ?>> P lookup(ProviderKind kind, Map<String, P> byKey, String name) {
        P provider = byKey.get(ProviderNames.key(name));
        if (provider == null) {
            throw new UnknownProviderException(kind, name, byKey.values().stream().map(NamedProvider::name).toList());
        }
        return provider;
    }
}
