package dev.amend.registry.discovery;

import dev.amend.api.HParams;
import dev.amend.api.NamedProvider;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.metric.MetricProvider;
import dev.amend.api.model.ModelAdapterProvider;
import dev.amend.api.train.TrainerProvider;
import dev.amend.registry.hparams.Presets;
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
        if (provider instanceof EditMethodProvider<?> method && method.capabilities() == null) {
            problems.add("capabilities() is null");
        }
        if (provider instanceof ModelAdapterProvider<?> adapter) {
            if (adapter.modelTypes() == null || adapter.modelTypes().isEmpty()) {
                problems.add("modelTypes() is empty: an adapter must name the config.json model_type values it loads");
            }
        }
        boolean runsWithDefaults = provider instanceof ModelAdapterProvider<?> || provider instanceof MetricProvider<?>;
        if (runsWithDefaults && type != null && type.isRecord() && type.getRecordComponents().length > 0
                && Presets.defaults(provider).isEmpty()) {
            problems.add("a model adapter or metric needs defaults (" + Presets.resource(provider, Presets.DEFAULTS)
                    + "): the runtime makes it with them");
        }
        if (provider instanceof TrainerProvider<?> trainer && trainer.servesMethods() == null) {
            problems.add("servesMethods() is null");
        }
        return problems;
    }
}
