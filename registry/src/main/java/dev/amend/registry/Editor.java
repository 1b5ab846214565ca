package dev.amend.registry;

import dev.amend.api.HParams;
import dev.amend.api.InvalidInputException;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditCapability;
import dev.amend.api.edit.EditContext;
import dev.amend.api.edit.EditMethod;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.metric.Metric;
import dev.amend.api.model.LanguageModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EasyEdit's {@code BaseEditor}: a method, its hparams and a model, ready to edit and measure.
 *
 * <pre>{@code
 * try (Editor editor = Editor.fromHParams(Path.of("hparams/ROME/gpt2-xl.yaml"))) {
 *     EditOutcome outcome = editor.edit(List.of(EditRequest.of("The capital of {} is", "France", "Lyon")));
 *     outcome.edit().keep();   // or close() it to revert
 * }
 * }</pre>
 */
public final class Editor implements AutoCloseable {

    private final EditMethodProvider<?> provider;
    private final EditMethod method;
    private final LanguageModel model;
    private final boolean ownsModel;
    private final List<Metric<?>> metrics;
    private final Map<String, String> semantics;
    private final EditContext context;
    private final List<String> ignoredKeys;

    Editor(EditMethodProvider<?> provider, EditMethod method, LanguageModel model, boolean ownsModel,
           Map<String, Metric<?>> metrics, EditContext context, List<String> ignoredKeys) {
        if (!provider.capabilities().supports(model.spec())) {
            throw new InvalidInputException(provider.name() + " cannot edit " + model.spec().architecture()
                    + " models (" + model.spec().modelType() + "); it supports "
                    + provider.capabilities().architectures());
        }
        this.provider = provider;
        this.method = method;
        this.model = model;
        this.ownsModel = ownsModel;
        this.metrics = List.copyOf(metrics.values());
        Map<String, String> semantics = new LinkedHashMap<>();
        metrics.forEach((name, metric) -> semantics.put(name, metric.semantics()));
        this.semantics = java.util.Collections.unmodifiableMap(semantics);
        this.context = context;
        this.ignoredKeys = List.copyOf(ignoredKeys);
    }

    /**
     * An editor for the method named by the file's {@code alg_name}, on the model in its {@code model_name},
     * with providers from the class path.
     */
    public static Editor fromHParams(Path hparamsFile) {
        return AmendRuntime.create(null).editor(hparamsFile);
    }

    /** An editor for the method named by the file's {@code alg_name}, on {@code model}. */
    public static Editor fromHParams(Path hparamsFile, LanguageModel model) {
        return AmendRuntime.create(null).editor(hparamsFile, model);
    }

    /** Builds an editor from a provider and its hparams; {@link AmendRuntime} calls this. */
    static <H extends HParams> Editor create(EditMethodProvider<H> provider, HParams hparams, LanguageModel model,
                                            boolean ownsModel, Map<String, Metric<?>> metrics,
                                            EditContext context, List<String> ignoredKeys) {
        EditMethod method = provider.create(provider.hparamsType().cast(hparams));
        return new Editor(provider, method, model, ownsModel, metrics, context, ignoredKeys);
    }

    /**
     * What each metric this editor measures means, by metric name: the line every report states, so readers know
     * which definition produced the numbers.
     */
    public Map<String, String> semantics() {
        return semantics;
    }

    /** Keys of the hparams file that mean nothing in Amend and were ignored (EasyEdit's {@code device}, say). */
    public List<String> ignoredKeys() {
        return ignoredKeys;
    }

    /** The model being edited. */
    public LanguageModel model() {
        return model;
    }

    /**
     * Applies {@code requests} in one call (a batch when there are several), measuring every metric before and
     * after. The edit stays in force: keep or close {@link EditOutcome#edit()}.
     *
     * @throws InvalidInputException when several requests are given to a method without {@link EditCapability#BATCH}
     */
    public EditOutcome edit(List<EditRequest> requests) {
        if (requests.isEmpty()) {
            throw new InvalidInputException("no edit requests given");
        }
        requireBatch(provider, requests.size());
        long t0 = System.nanoTime();
        List<MetricRun<?>> runs = observe(requests);
        List<Map<String, Double>> pre = scoreAll(runs, model, requests);
        long t1 = System.nanoTime();
        AppliedEdit edit = method.apply(model, requests, context);
        long t2 = System.nanoTime();
        List<Map<String, Double>> post;
        try {
            post = scoreAll(runs, edit.model(), requests);
        } catch (RuntimeException e) {
            edit.close();
            throw e;
        }
        long t3 = System.nanoTime();
        return new EditOutcome(edit, pair(requests, pre, post), Duration.ofNanos(t2 - t1), Duration.ofNanos((t1 - t0) + (t3 - t2)));
    }

    /**
     * Starts sequential editing of {@code requests} (EasyEdit's {@code sequential_edit}): they are all observed on
     * the unedited model now, then applied call after call with {@link EditSequence#applyNext}, each on top of the
     * previous ones.
     *
     * @throws InvalidInputException when the method lacks {@link EditCapability#SEQUENTIAL}
     */
    public EditSequence sequence(List<EditRequest> requests) {
        if (!provider.capabilities().has(EditCapability.SEQUENTIAL)) {
            throw new InvalidInputException(provider.name() + " cannot edit sequentially (no SEQUENTIAL capability)");
        }
        if (requests.isEmpty()) {
            throw new InvalidInputException("no edit requests given");
        }
        List<MetricRun<?>> runs = observe(requests);
        return new EditSequence(provider, method, model, context, runs, requests, scoreAll(runs, model, requests));
    }

    /** Closes the model if this editor loaded it. */
    @Override
    public void close() {
        if (ownsModel) {
            model.close();
        }
    }

    /** Fresh runs of every metric, each having observed {@code requests} on the model as it is now. */
    private List<MetricRun<?>> observe(List<EditRequest> requests) {
        List<MetricRun<?>> runs = metrics.stream().<MetricRun<?>>map(MetricRun::new).toList();
        runs.forEach(r -> r.observe(model, requests));
        return runs;
    }

    /** @throws InvalidInputException when {@code count > 1} requests go to a method without BATCH */
    static void requireBatch(EditMethodProvider<?> provider, int count) {
        if (count > 1 && !provider.capabilities().has(EditCapability.BATCH)) {
            throw new InvalidInputException(provider.name() + " does not edit in batches (no BATCH capability): give it"
                    + " one request at a time");
        }
    }

    /** Each request with its scores before and after. */
    static List<RequestScores> pair(List<EditRequest> requests, List<Map<String, Double>> pre,
                                    List<Map<String, Double>> post) {
        List<RequestScores> scores = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            scores.add(new RequestScores(requests.get(i), pre.get(i), post.get(i)));
        }
        return scores;
    }

    static List<Map<String, Double>> scoreAll(List<MetricRun<?>> runs, LanguageModel model,
                                                     List<EditRequest> requests) {
        List<Map<String, Double>> merged = new ArrayList<>();
        requests.forEach(r -> merged.add(new LinkedHashMap<>()));
        for (MetricRun<?> run : runs) {
            List<Map<String, Double>> scores = run.score(model, requests);
            for (int i = 0; i < requests.size(); i++) {
                merged.get(i).putAll(scores.get(i));
            }
        }
        return merged;
    }
}
