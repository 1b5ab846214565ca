package dev.amend.registry.discovery;

import dev.amend.api.HParams;
import dev.amend.api.NamedProvider;
import dev.amend.api.ProviderNames;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.metric.MetricProvider;
import dev.amend.api.model.ModelAdapterProvider;
import dev.amend.api.train.TrainerProvider;
import java.util.ArrayList;
import java.util.List;

/** The rules every provider must follow, checked at discovery and by the testkit's contract tests. */
public final class ProviderChecks {

    private ProviderChecks() {}

    /** The rules {@code provider} breaks, as readable sentences; empty when it follows them all. */
    public static List<String> problems(NamedProvider<?, ?> provider) {
        List<String> problems = new ArrayList<>();
        String name = provider.name();
        if (!ProviderNames.isValid(name)) {
            problems.add("name '" + name + "' does not match " + ProviderNames.PATTERN.pattern());
        }
        if (provider.description() == null || provider.description().isBlank()) {
            problems.add("description is blank");
        }
        Class<? extends HParams> type = provider.hparamsType();
        if (type == null) {
            problems.add("hparamsType() is null");
        } else if (!type.isRecord()) {
            problems.add("hparams type " + type.getName() + " is not a record");
        }
        if (provider.defaultHParams() == null) {
            problems.add("defaultHParams() returned null instead of an Optional");
        } else if (type != null && provider.defaultHParams().isPresent()
                && !type.isInstance(provider.defaultHParams().get())) {
            problems.add("defaultHParams() is not a " + type.getName());
        }
        if (provider instanceof EditMethodProvider<?> method && method.capabilities() == null) {
            problems.add("capabilities() is null");
        }
        if (provider instanceof ModelAdapterProvider<?> adapter) {
            if (adapter.modelTypes() == null || adapter.modelTypes().isEmpty()) {
                problems.add("modelTypes() is empty: an adapter must name the config.json model_type values it loads");
            }
            if (adapter.defaultHParams() != null && adapter.defaultHParams().isEmpty()) {
                problems.add("a model adapter needs defaultHParams(): models are loaded with them");
            }
        }
        if (provider instanceof MetricProvider<?> && provider.defaultHParams() != null
                && provider.defaultHParams().isEmpty()) {
            problems.add("a metric needs defaultHParams(): the harness runs metrics with them");
        }
        if (provider instanceof TrainerProvider<?> trainer && trainer.servesMethods() == null) {
            problems.add("servesMethods() is null");
        }
        return problems;
    }
}
