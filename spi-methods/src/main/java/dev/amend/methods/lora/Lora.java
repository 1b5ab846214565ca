package dev.amend.methods.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditContext;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.EditState;
import dev.amend.api.edit.Probe;
import dev.amend.api.Progress;
import dev.amend.api.edit.WeightDelta;
import dev.amend.api.model.Hooks;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.ModelOutput;
import dev.amend.toolkit.edit.WeightDeltaEdit;
import dev.amend.toolkit.edit.WeightDeltaMethod;
import dev.amend.toolkit.model.TeacherForcing;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * LoRA and AdaLoRA as EasyEdit runs them ({@code easyeditor/models/lora/lora_main.py}, {@code execute_lora}, over
 * peft 0.7.1, the version EasyEdit pinned while its LoRA files were written): an adapter per target module
 * ({@link Targets}), initialised as peft does (LoRA: A Kaiming-uniform with bound {@code 1/sqrt(in)}, B zero;
 * AdaLoRA: A, E, B drawn from N(0, 0.02)), trained with Adam on the requests' causal-LM loss ({@code prompt + " " +
 * target} with the prompt's tokens masked: the mean {@code -log p} over the batch's target tokens, as the model's
 * {@code loss} with EasyEdit's labels), plus AdaLoRA's orthogonal regulariser, for {@code num_steps} passes in batches
 * of {@code batch_size}. Adapters on MLP output projections ride on hooks (dropout exactly as peft applies it);
 * others are trained through the live weights ({@link LiveWeights}). The trained adapters are applied as low-rank
 * weight deltas, which revert bit for bit and save with the adapters themselves ({@code adapter.<module>.<A|B|E>}).
 */
final class Lora extends WeightDeltaMethod {

    private final LoraHParams h;
    private final Function<String, Map<String, NDArray>> initial;

    Lora(LoraHParams hparams) {
        this(hparams, module -> null);
    }

    /**
     * @param initial a module's starting A, B (and E), in peft's shapes, or null for peft's random start: lets the
     *                golden test start from the values its transcription started from
     */
    Lora(LoraHParams hparams, Function<String, Map<String, NDArray>> initial) {
        this.h = hparams;
        this.initial = initial;
    }

    @Override
    public AppliedEdit apply(LanguageModel model, List<EditRequest> requests, EditContext context) {
        List<Targets.Module> modules = Targets.resolve(model, h);
        String signature = AdapterMemory.signature(h, modules.stream().map(Targets.Module::name).toList());
        Map<String, Map<String, NDArray>> previous = h.freshAdapter() ? null
                : AdapterMemory.of(model).find(model.weights()::fingerprint, signature);
        Random random = new Random(context.seed());
        List<WeightDelta> deltas = new ArrayList<>();
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        try (NDManager work = NDManager.newBaseManager(model.spec().device())) {
            List<Adapter> adapters = new ArrayList<>();
            for (Targets.Module module : modules) {
                Map<String, NDArray> before = previous == null ? null : previous.get(module.name());
                Map<String, NDArray> start = before != null ? before : start(work, module, random);
                adapters.add(new Adapter(work, module, h, start, before));
            }
            // peft's AdaLoraModel.forward adds the regulariser; EasyEdit's edit() continues through the bare model
            boolean regularise = h.adaptive() && h.orthRegWeight() > 0 && (previous == null || h.regulariseContinued());
            train(work, model, requests, adapters, random, regularise, context.progress());
            for (Adapter adapter : adapters) {
                deltas.addAll(adapter.deltas());
                adapter.values(work).forEach((name, value) -> {
                    value.detach();
                    tensors.put(AdapterMemory.PREFIX + adapter.module().name() + "." + name, value);
                });
            }
        }
        AppliedEdit edit = WeightDeltaEdit.apply(model, context, LoraProvider.NAME, h, requests, deltas, tensors);
        AdapterMemory.of(model).record(model.weights().fingerprint(), signature, tensors);
        return edit;
    }

    /** Re-applies the saved deltas and remembers the saved adapters for the edits that continue them. */
    @Override
    public AppliedEdit restore(LanguageModel model, EditState saved, EditContext context) {
        AppliedEdit edit = super.restore(model, saved, context);
        List<String> names = Targets.resolve(model, h).stream().map(Targets.Module::name).toList();
        AdapterMemory.of(model).record(model.weights().fingerprint(), AdapterMemory.signature(h, names),
                saved.tensors());
        return edit;
    }

    /** peft's starting adapter (or the one the test seam gives). */
    private Map<String, NDArray> start(NDManager work, Targets.Module module, Random random) {
        Map<String, NDArray> given = initial.apply(module.name());
        if (given != null) {
            return given;
        }
        Map<String, NDArray> values = new LinkedHashMap<>();
        float bound = (float) (1 / Math.sqrt(module.in()));
        Adapter.shapes(h.adaptive(), module.out(), module.in(), h.adapterRank()).forEach((name, shape) -> {
            float[] v = new float[(int) shape.size()];
            for (int i = 0; i < v.length; i++) {
                if (h.adaptive()) {
                    v[i] = (float) (random.nextGaussian() * 0.02);
                } else if (name.equals("A")) {
                    v[i] = (2 * random.nextFloat() - 1) * bound;
                }
            }
            values.put(name, work.create(v, shape));
        });
        return values;
    }

    private void train(NDManager work, LanguageModel model, List<EditRequest> requests, List<Adapter> adapters,
                       Random random, boolean regularise, Progress progress) {
        List<Adapter> throughWeights = adapters.stream().filter(a -> !a.module().hooked()).toList();
        try (LiveWeights weights = throughWeights.isEmpty() ? null
                : new LiveWeights(work, model.weights(), throughWeights);
             Progress.Task task = progress.begin("lora", h.numSteps())) {
            for (int step = 0; step < h.numSteps(); step++) {
                double sum = 0;
                int batches = 0;
                for (int from = 0; from < requests.size(); from += h.batchSize()) {
                    List<Probe> probes = requests.subList(from, Math.min(requests.size(), from + h.batchSize()))
                            .stream().map(r -> new Probe(r.filledPrompt(), r.targetNew())).toList();
                    sum += step(work, model, TeacherForcing.of(model, probes), adapters, weights, random, regularise);
                    batches++;
                }
                task.status(String.format("loss %.4f", sum / batches));
                task.advance(1);
            }
        }
    }

    /** One forward and backward pass over a batch and one Adam step of every adapter; {@return the loss} */
    private double step(NDManager work, LanguageModel model, TeacherForcing forcing, List<Adapter> adapters,
                        LiveWeights weights, Random random, boolean regularise) {
        try (NDManager scope = work.newSubManager()) {
            if (weights != null) {
                weights.install(scope);
            }
            Map<Adapter, Adapter.Values> values = new IdentityHashMap<>();
            Hooks hooks = Hooks.none();
            UnaryOperator<NDArray> dropout = h.loraDropout() > 0
                    ? x -> x.mul(dropoutMask(scope, x.getShape(), random)) : x -> x;
            for (Adapter adapter : adapters) {
                if (adapter.module().hooked()) {
                    Adapter.Values v = adapter.trainable(scope, true);
                    values.put(adapter, v);
                    hooks = adapter.hook(hooks, scope, v, dropout);
                } else if (regularise) {
                    values.put(adapter, adapter.trainable(scope, false));
                }
            }
            double loss;
            try (GradientCollector collector = scope.getEngine().newGradientCollector()) {
                NDArray objective = targetNll(scope, forcing, model.forward(scope, forcing.batch(), hooks));
                if (regularise) {
                    NDArray terms = null;
                    for (Adapter adapter : adapters) {
                        NDArray t = Adapter.orthogonality(scope, values.get(adapter));
                        terms = terms == null ? t : terms.add(t);
                    }
                    objective = objective.add(terms.mul((float) (h.orthRegWeight() / (2.0 * adapters.size()))));
                }
                loss = objective.getFloat();
                collector.backward(objective);
            }
            Map<Adapter, NDArray> gradients = weights == null ? Map.of() : weights.gradients(scope);
            for (Adapter adapter : adapters) {
                Adapter.Values v = values.get(adapter);
                NDArray[] g = adapter.module().hooked()
                        ? new NDArray[] {v.a().getGradient(), v.b().getGradient(),
                                         v.e() == null ? null : v.e().getGradient()}
                        : adapter.chainRule(gradients.get(adapter));
                if (!adapter.module().hooked() && v != null) {
                    g[0] = g[0].add(v.a().getGradient());
                    g[1] = g[1].add(v.b().getGradient());
                }
                adapter.update(g[0], g[1], g[2]);
            }
            return loss;
        }
    }

    /**
     * {@return the mean {@code -log p(target token)} over every target token of the batch, differentiable: the loss
     * HuggingFace's causal-LM models return for EasyEdit's labels (prompt and padding {@code -100}), which weighs each
     * token alike, so a longer target weighs more when a batch holds several requests}
     */
    private static NDArray targetNll(NDManager manager, TeacherForcing forcing, ModelOutput output) {
        int tokens = 0;
        for (int row = 0; row < forcing.size(); row++) {
            tokens += forcing.answer(row).length;
        }
        double each = 1.0 / tokens;
        return forcing.weightedNegativeLogLikelihood(manager, output, (row, length) -> each);
    }

    /** Inverted dropout: each element kept with probability {@code 1 - p} and scaled by {@code 1 / (1 - p)}. */
    private NDArray dropoutMask(NDManager scope, Shape shape, Random random) {
        float keep = (float) (1 - h.loraDropout());
        float[] mask = new float[(int) shape.size()];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = random.nextFloat() < keep ? 1 / keep : 0;
        }
        return scope.create(mask, shape);
    }
}
