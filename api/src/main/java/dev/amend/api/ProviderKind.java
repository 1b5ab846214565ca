package dev.amend.api;

import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.metric.MetricProvider;
import dev.amend.api.model.ModelAdapterProvider;
import dev.amend.api.train.TrainerProvider;

/** The four plugin types, each with the service interface that {@link java.util.ServiceLoader} looks up. */
public enum ProviderKind {
    /** Editing methods ({@link EditMethodProvider}). */
    EDIT_METHOD("edit method", EditMethodProvider.class),
    /** Model adapters ({@link ModelAdapterProvider}). */
    MODEL_ADAPTER("model adapter", ModelAdapterProvider.class),
    /** Metrics ({@link MetricProvider}). */
    METRIC("metric", MetricProvider.class),
    /** Trainers ({@link TrainerProvider}). */
    TRAINER("trainer", TrainerProvider.class);

    private final String label;
    private final Class<?> serviceType;

    ProviderKind(String label, Class<?> serviceType) {
        this.label = label;
        this.serviceType = serviceType;
    }

    /** {@return a human name, such as "edit method"} */
    public String label() {
        return label;
    }

    /** {@return the interface named in {@code META-INF/services}} */
    @SuppressWarnings("rawtypes")
    public Class<? extends NamedProvider> serviceType() {
        return serviceType.asSubclass(NamedProvider.class);
    }
}
