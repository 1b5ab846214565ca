package dev.amend.registry;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.amend.api.HParams;
import dev.amend.api.InvalidInputException;
import dev.amend.api.Progress;
import dev.amend.api.edit.EditContext;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.metric.Metric;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.api.model.ModelLoader;
import dev.amend.registry.discovery.ProviderCatalog;
import dev.amend.registry.discovery.ProviderDiscovery;
import dev.amend.registry.hparams.HParamsCodec;
import dev.amend.registry.hparams.LoadedHParams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Amend, wired: discovers providers (class path, and a plugins directory when given), binds them with Guice, and
 * hands out the services built on them. Cheap to create: no engine starts until a model is loaded or a method runs.
 */
public final class AmendRuntime {

    private final Injector injector;

    private AmendRuntime(Injector injector) {
        this.injector = injector;
    }

    /**
     * Discovers providers on the class path and, when {@code pluginsDir} is not null, in its plugins.
     *
     * @throws dev.amend.registry.discovery.DuplicateProviderException when two providers of a kind share a name
     */
    public static AmendRuntime create(Path pluginsDir) {
        ClassLoader host = Thread.currentThread().getContextClassLoader();
        if (host == null) {
            host = AmendRuntime.class.getClassLoader();
        }
        ProviderCatalog catalog = ProviderDiscovery.discover(host, pluginsDir);
        return new AmendRuntime(Guice.createInjector(new AmendModule(catalog)));
    }

    /** The Guice injector, for front ends that add their own bindings in a child injector. */
    public Injector injector() {
        return injector;
    }

    /** What discovery found, with origins and broken plugins. */
    public ProviderCatalog catalog() {
        return injector.getInstance(ProviderCatalog.class);
    }

    public Providers providers() {
        return injector.getInstance(Providers.class);
    }

    public HParamsCodec hparams() {
        return injector.getInstance(HParamsCodec.class);
    }

    public ModelLoader models() {
        return injector.getInstance(ModelLoader.class);
    }

    /** An edit context whose model loader is this runtime's (for methods that load models their hparams name). */
    public EditContext context(long seed, Progress progress) {
        return EditContext.of(seed, progress, models());
    }

    public EditArchive edits() {
        return injector.getInstance(EditArchive.class);
    }

    /** Writes edited models to disk and reverts them. */
    public EditedModels editedModels() {
        return injector.getInstance(EditedModels.class);
    }

    /** An editor for the file's {@code alg_name}, loading the model directory named by its {@code model_name}. */
    public Editor editor(Path hparamsFile) {
        Configured configured = configure(hparamsFile);
        String modelName = configured.loaded().modelName().orElseThrow(() -> new InvalidInputException(hparamsFile
                + ": model_name is missing; give the model directory there or pass a loaded model"));
        LanguageModel model;
        try {
            model = models().load(Path.of(modelName), LoadOptions.cpu());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load model " + modelName + " named in " + hparamsFile, e);
        }
        try {
            return editor(configured, model, true);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** An editor for the file's {@code alg_name} on an already loaded model (which the editor will not close). */
    public Editor editor(Path hparamsFile, LanguageModel model) {
        return editor(configure(hparamsFile), model, false);
    }

    /** An editor for a method by name with given hparams, on an already loaded model, with the default metrics. */
    public Editor editor(String method, HParams hparams, LanguageModel model, EditContext context) {
        return editor(method, hparams, model, context, null);
    }

    /**
     * An editor for a method by name with given hparams, on an already loaded model.
     *
     * @param metrics the metrics to measure, by name; null for those on by default
     */
    public Editor editor(String method, HParams hparams, LanguageModel model, EditContext context,
                         List<String> metrics) {
        EditMethodProvider<?> provider = providers().method(method);
        if (!provider.hparamsType().isInstance(hparams)) {
            throw new IllegalArgumentException(method + " takes " + provider.hparamsType().getName() + ", not "
                    + hparams.getClass().getName());
        }
        return Editor.create(provider, hparams, model, false, metrics(metrics), context, List.of());
    }

    /**
     * {@return the metrics named, in the order given, each made with its defaults, by name; when {@code names} is
     * null, every metric on by default}
     *
     * @throws UnknownProviderException naming the metrics there are
     */
    public Map<String, Metric<?>> metrics(List<String> names) {
        Map<String, Metric<?>> metrics = new LinkedHashMap<>();
        providers().metrics(names).forEach(p -> metrics.put(p.name(), hparams().createWithDefaults(p)));
        return metrics;
    }

    /** The method an hparams file names, with the file's hparams, checked before any model is loaded. */
    private Configured configure(Path hparamsFile) {
        String alg = hparams().header(hparamsFile).algName().orElseThrow(() -> new InvalidInputException(hparamsFile
                + ": alg_name is missing; it names the editing method"));
        EditMethodProvider<?> provider = providers().method(alg);
        return new Configured(provider, hparams().load(provider, hparamsFile));
    }

    private record Configured(EditMethodProvider<?> provider, LoadedHParams<?> loaded) {}

    private Editor editor(Configured configured, LanguageModel model, boolean ownsModel) {
        return Editor.create(configured.provider(), configured.loaded().hparams(), model, ownsModel,
                metrics(null), context(0L, Progress.NONE), configured.loaded().ignoredKeys());
    }
}
