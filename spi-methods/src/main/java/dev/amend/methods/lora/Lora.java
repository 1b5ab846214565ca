package dev.amend.methods.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.amend.api.InvalidInputException;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditContext;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.Probe;
import dev.amend.api.edit.WeightDelta;
import dev.amend.api.model.HookPoint;
import dev.amend.api.model.HookSite;
import dev.amend.api.model.Hooks;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.Stack;
import dev.amend.api.model.WeightKind;
import dev.amend.api.model.WeightSite;
import dev.amend.methods.locate.Checks;
import dev.amend.methods.optim.Adam;
import dev.amend.toolkit.edit.WeightDeltaEdit;
import dev.amend.toolkit.edit.WeightDeltaMethod;
import dev.amend.toolkit.model.TeacherForcing;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * LoRA as EasyEdit runs it through PEFT: each target module gets an adapter {@code (lora_alpha / r) · B A}, A drawn
 * as PEFT draws it (Kaiming-uniform, bound {@code 1/sqrt(in)}) and B zero, trained with Adam on the requests'
 * teacher-forced loss for {@code num_steps} passes in batches of {@code batch_size}, dropout on the adapter's input.
 * The adapters ride on hooks (the module's input at {@code MLP_KEY}, its output at {@code MLP_OUT}), so the base
 * weights stay untouched while training; the trained adapter is then applied as a rank-r weight delta, which
 * reverts bit for bit and saves as LoRA weights ({@code u = scale · B}, {@code v = Aᵀ}).
 */
final class Lora extends WeightDeltaMethod {

    private final LoraHParams h;

    Lora(LoraHParams hparams) {
        this.h = hparams;
    }

    /** One adapter being trained: its module and the optimizers of A ({@code r × in}) and B ({@code out × r}). */
    private record Adapter(WeightSite site, Adam a, Adam b) {}

    @Override
    public AppliedEdit apply(LanguageModel model, List<EditRequest> requests, EditContext context) {
        List<WeightSite> sites = sites(model);
        List<WeightDelta> deltas = new ArrayList<>();
        Random random = new Random(context.seed());
        try (NDManager work = NDManager.newBaseManager(model.spec().device())) {
            List<Adapter> adapters = new ArrayList<>();
            for (WeightSite site : sites) {
                Shape shape = model.weights().shape(site);   // out × in
                long in = shape.get(1);
                float bound = (float) (1 / Math.sqrt(in));
                float[] a = new float[(int) (h.rank() * in)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (2 * random.nextFloat() - 1) * bound;
                }
                adapters.add(new Adapter(site,
                        new Adam(work, work.create(a, new Shape(h.rank(), in)), h.lr(), 0.9, 0.999, h.weightDecay(), false),
                        new Adam(work, work.zeros(new Shape(shape.get(0), h.rank())), h.lr(), 0.9, 0.999,
                                h.weightDecay(), false)));
            }
            train(work, model, requests, adapters, random, context);
            for (Adapter adapter : adapters) {
                NDArray u = adapter.b().value().mul((float) h.scale());
                NDArray v = adapter.a().value().transpose().duplicate();
                u.detach();
                v.detach();
                deltas.add(new WeightDelta.LowRank(adapter.site(), u, v));
            }
        }
        return WeightDeltaEdit.apply(model, context, LoraProvider.NAME, h, requests, deltas);
    }

    /** The MLP output projections that {@code target_modules} name in {@code layers} (every layer when empty). */
    private List<WeightSite> sites(LanguageModel model) {
        List<Integer> layers = new ArrayList<>(h.layers());
        if (layers.isEmpty()) {
            for (int layer = 0; layer < model.spec().numLayers(); layer++) {
                layers.add(layer);
            }
        }
        List<WeightSite> sites = new ArrayList<>();
        for (int layer : layers) {
            Checks.requireLayer(model, layer);
            for (String template : h.targetModules()) {
                WeightSite site = model.weights().resolveModule(template, layer);
                if (site.kind() != WeightKind.MLP_OUT_PROJ || site.stack() != Stack.DECODER) {
                    throw new InvalidInputException("target module " + template.replace("{}", Integer.toString(layer))
                            + " is " + site + ": Amend's LoRA adapts MLP output projections (its input and output are"
                            + " hook points); attention projections such as q_proj and v_proj are not offered");
                }
                sites.add(site);
            }
        }
        return sites;
    }

    private void train(NDManager work, LanguageModel model, List<EditRequest> requests, List<Adapter> adapters,
                       Random random, EditContext context) {
        try (var task = context.progress().begin("lora", h.numSteps())) {
            for (int step = 0; step < h.numSteps(); step++) {
                double sum = 0;
                int batches = 0;
                for (int from = 0; from < requests.size(); from += h.batchSize()) {
                    List<Probe> probes = requests.subList(from, Math.min(requests.size(), from + h.batchSize()))
                            .stream().map(r -> new Probe(r.filledPrompt(), r.targetNew())).toList();
                    TeacherForcing forcing = TeacherForcing.of(model, probes);
                    try (NDManager scope = work.newSubManager()) {
                        List<NDArray[]> trained = new ArrayList<>();
                        Hooks hooks = Hooks.none();
                        for (Adapter adapter : adapters) {
                            NDArray a = adapter.a().trainableCopy(scope);
                            NDArray b = adapter.b().trainableCopy(scope);
                            trained.add(new NDArray[] {a, b});
                            hooks = hook(hooks, scope, adapter.site().layer(), a, b, random);
                        }
                        try (GradientCollector collector = scope.getEngine().newGradientCollector()) {
                            NDArray loss = forcing.meanNegativeLogLikelihood(scope,
                                    model.forward(scope, forcing.batch(), hooks));
                            sum += loss.getFloat();
                            collector.backward(loss);
                        }
                        for (int i = 0; i < adapters.size(); i++) {
                            adapters.get(i).a().update(trained.get(i)[0].getGradient());
                            adapters.get(i).b().update(trained.get(i)[1].getGradient());
                        }
                    }
                    batches++;
                }
                task.status(String.format("loss %.4f", sum / batches));
                task.advance(1);
            }
        }
    }

    /** Adds {@code scale · dropout(k) Aᵀ Bᵀ} to the MLP output of {@code layer}, k being the output projection's input. */
    private Hooks hook(Hooks hooks, NDManager scope, int layer, NDArray a, NDArray b, Random random) {
        NDArray[] key = new NDArray[1];
        NDArray scale = scope.create((float) h.scale());
        return hooks.observe(HookSite.decoder(layer, HookPoint.MLP_KEY), k -> key[0] = k)
                .replace(HookSite.decoder(layer, HookPoint.MLP_OUT), (out, layout) -> {
                    NDArray input = h.loraDropout() > 0
                            ? key[0].mul(dropoutMask(scope, key[0].getShape(), random)) : key[0];
                    return out.add(input.matMul(a.transpose()).matMul(b.transpose()).mul(scale));
                });
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
