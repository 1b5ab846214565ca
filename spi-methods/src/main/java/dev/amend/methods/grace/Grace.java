package dev.amend.methods.grace;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditContext;
import dev.amend.api.edit.EditMethod;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.EditState;
import dev.amend.api.edit.Probe;
import dev.amend.api.model.HookSite;
import dev.amend.api.model.Hooks;
import dev.amend.api.model.LanguageModel;
import dev.amend.methods.optim.Adam;
import dev.amend.methods.wise.MlpActivation;
import dev.amend.toolkit.edit.RuntimeEdit;
import dev.amend.toolkit.model.TeacherForcing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * GRACE (Hartvigsen et al., 2023) as EasyEdit runs it: for each request, the key is the input of the chosen MLP
 * output projection at the prompt's last token. A key farther than {@code eps} plus the nearest key's radius from
 * every key opens a new entry with radius {@code eps}; one inside that reach with another answer opens a new entry
 * and the two radii split the distance; one with the same answer extends the nearest entry ({@code eps_expand}).
 * The entry's value is then trained with Adam ({@code n_iter} steps of {@code edit_lr}) to make the model produce the
 * target when it replaces the projection's output at the prompt's last token. The weights never change: the edit is
 * a {@link GraceModel} view, and an edit made on a GRACE view of the same layer grows that view's codebook, which
 * sequential editing keeps as one memory.
 */
final class Grace implements EditMethod {

    /** Same key, another answer: closer than this (relative to the key's norm) is the same key edited again. */
    private static final double SAME_KEY = 1e-6;

    private final GraceHParams h;
    private final Supplier<float[]> coldValues;

    Grace(GraceHParams hparams) {
        this(hparams, null);
    }

    /**
     * For tests that compare with a reference (the golden): {@code coldValues} gives each new cold value in turn
     * instead of the seeded uniform draws.
     */
    Grace(GraceHParams hparams, Supplier<float[]> coldValues) {
        this.h = hparams;
        this.coldValues = coldValues;
    }

    @Override
    public AppliedEdit apply(LanguageModel model, List<EditRequest> requests, EditContext context) {
        LanguageModel unwrapped = model instanceof GraceModel g ? g.delegate() : model;
        GraceSite site = GraceSite.of(unwrapped, h.innerParams().get(0));
        GraceModel previous = model instanceof GraceModel g && g.site().weight().equals(site.weight()) ? g : null;
        LanguageModel base = previous == null ? model : previous.delegate();
        Codebook codebook = previous == null ? Codebook.empty() : previous.codebook();
        List<EditRequest> all = new ArrayList<>(previous == null ? List.of() : previous.requests());
        Random random = new Random(context.seed());
        try (var task = context.progress().begin("grace", requests.size())) {
            for (EditRequest request : requests) {
                codebook = edit(base, site, codebook, request, random);
                all.add(request);
                task.advance(1);
            }
        }
        NDManager memory = NDManager.newBaseManager(model.spec().device());
        GraceModel view = GraceModel.of(base, site, codebook, all, memory, h.matchesEveryPosition());
        EditState state = new EditState(GraceProvider.NAME, h, all, base.weights().fingerprint(), context.seed(), List.of(),
                view.tensors(), Map.of());
        return previous == null ? RuntimeEdit.of(view, state, memory)
                : RuntimeEdit.extending(previous, view, state, memory);
    }

    @Override
    public AppliedEdit restore(LanguageModel model, EditState saved, EditContext context) {
        saved.requireMadeOn(model);
        GraceSite site = GraceSite.of(model, h.innerParams().get(0));
        Shape projection = model.weights().shape(site.weight());          // out × in: values × keys
        Codebook codebook = Codebook.fromTensors(saved.tensors(), projection.get(1), projection.get(0),
                model.spec().vocabSize());
        NDManager memory = NDManager.newBaseManager(model.spec().device());
        GraceModel view = GraceModel.of(model, site, codebook, saved.requests(), memory, h.matchesEveryPosition());
        return RuntimeEdit.of(view, new EditState(saved.method(), saved.hparams(), saved.requests(),
                saved.baseFingerprint(), saved.seed(), List.of(), view.tensors(), saved.attributes()), memory);
    }

    /**
     * {@code codebook} after editing {@code request} into it, as EasyEdit's GRACEAdapter.forward decides at the first
     * training step (grace/GRACE.py) and GRACE.edit trains: a query farther than {@code eps} plus the nearest key's
     * radius opens an entry; one within that reach whose label differs opens an entry and the two radii split the
     * distance; one with the same label outside the nearest radius extends it ({@code eps_expand}). Then the entry
     * nearest the query (the first on a tie) is trained when the query lies within its radius; EasyEdit trains
     * nothing otherwise (its value gets no gradient), which happens when a prompt comes back with another answer.
     */
    private Codebook edit(LanguageModel base, GraceSite site, Codebook codebook, EditRequest request, Random random) {
        TeacherForcing forcing = TeacherForcing.of(base, List.of(new Probe(request.filledPrompt(), request.targetNew())));
        int position = forcing.promptEnd(0);
        int[] label = forcing.answer(0);
        float labelMean = Codebook.labelMean(position + 1, label);
        float[][] seen = keyAndOutput(base, site, forcing, position);
        float[] query = seen[0];
        Codebook.Nearest nearest = codebook.nearest(query);
        if (nearest.index() < 0 || nearest.distance() > h.eps() + codebook.radii()[nearest.index()]) {
            codebook = codebook.with(query, initialValue(seen[1], random), h.eps(), label, labelMean);
        } else if (!sameLabel(codebook, nearest.index(), label, labelMean)) {
            int n = nearest.index();
            double d = nearest.distance();
            if (h.sameKeyReplaces() && d <= SAME_KEY * Math.max(1, Codebook.norm(query))) {
                codebook = codebook.replace(n, codebook.keys().get(n), initialValue(seen[1], random),
                        codebook.radii()[n], label, labelMean);      // Amend: the same prompt's new answer wins
            } else {                                                  // another answer nearby: split the distance
                codebook = codebook.withRadius(n, d / 2 - 1e-5)
                        .with(query, initialValue(seen[1], random), d / 2, label, labelMean);
            }
        } else if (nearest.distance() > codebook.radii()[nearest.index()]) {
            int n = nearest.index();
            float[] key = codebook.keys().get(n);
            if (h.epsExpand().equals("moving_average")) {
                key = key.clone();
                for (int i = 0; i < key.length; i++) {
                    key[i] = 0.5f * key[i] + 0.5f * query[i];
                }
            }
            codebook = codebook.replace(n, key, codebook.values().get(n), nearest.distance());
        }
        Codebook.Nearest chosen = codebook.nearest(query);
        if (chosen.distance() > codebook.radii()[chosen.index()]) {
            return codebook;                                          // EasyEdit: no replacement, no gradient
        }
        int entry = chosen.index();
        float[] trained = train(base, site, forcing, position, codebook.values().get(entry));
        return codebook.replace(entry, codebook.keys().get(entry), trained, codebook.radii()[entry]);
    }

    /**
     * Whether the edit's label is the nearest entry's: EasyEdit's label_match compares the float32 means of the label
     * rows, taking the nearest key's label from a list it prepends to (entry {@code size - 1 - n} of the keys' order);
     * {@code label_match: answer} compares the entry's own answer tokens.
     */
    private boolean sameLabel(Codebook codebook, int n, int[] label, float labelMean) {
        if (GraceHParams.LABEL_ANSWER.equals(h.labelMatch())) {
            return Arrays.equals(label, codebook.labels().get(n));
        }
        return codebook.labelMeans()[codebook.size() - 1 - n] == labelMean;
    }

    /**
     * The projection's input (the key) and output (what a warm value starts from: at an up projection the
     * pre-activation, {@code key · Wᵀ + b}) at {@code position} of the one-row batch (no padding).
     */
    private static float[][] keyAndOutput(LanguageModel base, GraceSite site, TeacherForcing forcing, int position) {
        float[][] seen = new float[2][];
        try (NDManager scratch = NDManager.newBaseManager(base.spec().device())) {
            NDArray[] key = new NDArray[1];
            NDArray[] out = new NDArray[1];
            Hooks hooks = Hooks.none().observe(site.keySite(), k -> key[0] = k.get(new NDIndex("0, {}, :", position)));
            if (!site.upProjection()) {
                hooks = hooks.observe(site.outSite(), o -> out[0] = o.get(new NDIndex("0, {}, :", position)));
            }
            base.forward(scratch, forcing.batch(), hooks);
            seen[0] = key[0].toFloatArray();
            seen[1] = (site.upProjection() ? MlpActivation.project(base, scratch, key[0], site.weight()) : out[0])
                    .toFloatArray();
        }
        return seen;
    }

    private float[] initialValue(float[] output, Random random) {
        if (h.valInit().equals("warm")) {
            return output.clone();
        }
        if (coldValues != null) {
            return coldValues.get().clone();
        }
        float[] value = new float[output.length];
        for (int i = 0; i < value.length; i++) {
            value[i] = random.nextFloat();
        }
        return value;
    }

    /** {@code n_iter} Adam steps on the target's loss with the value in place at {@code position}. */
    private float[] train(LanguageModel base, GraceSite site, TeacherForcing forcing, int position, float[] start) {
        HookSite out = site.outSite();
        try (NDManager work = NDManager.newBaseManager(base.spec().device())) {
            Adam value = new Adam(work, work.create(start, new Shape(1, 1, start.length)), h.editLr(), 0.9, 0.999, 0,
                    false);
            int length = forcing.batch().sequences().get(0).length;
            float[] at = new float[length];
            at[position] = 1;
            for (int step = 0; step < h.nIter(); step++) {
                try (NDManager scope = work.newSubManager()) {
                    NDArray trainable = value.trainableCopy(scope);
                    NDArray mask = scope.create(at, new Shape(1, length, 1));
                    NDArray keep = scope.create(at.clone(), new Shape(1, length, 1)).neg().add(1);
                    Hooks hooks = Hooks.none().replace(out,
                            (o, layout) -> o.mul(keep).add(site.shown(trainable).mul(mask)));
                    try (GradientCollector collector = scope.getEngine().newGradientCollector()) {
                        NDArray loss = forcing.meanNegativeLogLikelihood(scope,
                                base.forward(scope, forcing.batch(), hooks));
                        collector.backward(loss);
                    }
                    value.update(trainable.getGradient());
                }
            }
            return value.value().toFloatArray();
        }
    }
}
