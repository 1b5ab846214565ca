package dev.amend.methods.wise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditContext;
import dev.amend.api.edit.EditMethod;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.EditState;
import dev.amend.api.edit.Probe;
import dev.amend.api.model.BatchLayout;
import dev.amend.api.model.HookPoint;
import dev.amend.api.model.HookSite;
import dev.amend.api.model.Hooks;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.ModelOutput;
import dev.amend.api.model.TokenBatch;
import dev.amend.api.model.WeightSite;
import dev.amend.methods.data.TrainingRecords;
import dev.amend.methods.locate.Checks;
import dev.amend.methods.locate.ContextTemplates;
import dev.amend.methods.locate.SecondMoments;
import dev.amend.toolkit.edit.RuntimeEdit;
import dev.amend.toolkit.model.TeacherForcing;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * WISE (Wang et al., 2024) as EasyEdit runs it (wise/WISE.py, utils.py): the side memory, a copy of one MLP output
 * projection W, is trained on each edit (the prompt in each context template, EasyEdit's WISE templates by default,
 * followed by the target) while an irrelevant input rides along: the loss is the target's negative log-likelihood
 * (EasyEdit's: each row's sum over target length + 1) plus margin terms that push the edit's activation score
 * (EasyEdit's {@code ‖act(W′x) − act(Wx)‖}, averaged over the row's tokens) above β and above the irrelevant input's
 * by γ, and the irrelevant one's under α. Only the shard's random {@code mask_ratio} of
 * entries learn (plain SGD with weight decay 1e-5), and every entry stays within {@code norm_constraint} of W. Every
 * {@code save_freq} edits the shard is kept and a fresh one starts; every {@code merge_freq} edits the latest shards
 * are TIES-merged into one (WISE-Merge). The weights never change: the edit is a {@link WiseModel} view, and an edit
 * made on a WISE view of the same projection continues its memory. With {@code key_whitening} (Amend) each step's
 * gradient is multiplied by a damped inverse of the inputs' second moment before the mask, as ROME whitens its key;
 * with {@code routing: key} (Amend) each shard also keeps its edits' inputs at their answer positions, for routing.
 */
final class Wise implements EditMethod {

    private static final double WEIGHT_DECAY = 1e-5;

    private final WiseHParams h;
    private final Inputs inputs;

    /**
     * What a test comparing with a reference (the golden) gives instead of what the method makes: the context
     * templates, each shard's training mask and each edit's irrelevant text; null parts are made as usual.
     */
    record Inputs(List<String> templates, java.util.function.Supplier<float[]> masks,
                  java.util.function.Supplier<String> irrelevant) {}

    Wise(WiseHParams hparams) {
        this(hparams, new Inputs(null, null, null));
    }

    Wise(WiseHParams hparams, Inputs inputs) {
        this.h = hparams;
        this.inputs = inputs;
    }

    @Override
    public AppliedEdit apply(LanguageModel model, List<EditRequest> requests, EditContext context) {
        WeightSite site = site(model);
        WiseModel previous = model instanceof WiseModel w && w.site().equals(site) ? w : null;
        LanguageModel base = previous == null ? model : previous.delegate();
        List<TrainingRecords.TrainingRecord> irrelevant = inputs.irrelevant() != null ? List.of()
                : TrainingRecords.read(base, Path.of(h.locData()), "loc_data");
        List<String> templates = templates(base, context.seed());
        UnaryOperator<NDArray> act = h.scoresActivations() ? MlpActivation.of(base, site.layer()) : null;
        NDManager owned = NDManager.newBaseManager(model.spec().device());
        NDManager scratch = owned.newSubManager();
        SideMemory memory;
        try {
            memory = previous == null ? SideMemory.empty(owned, base.weights().shape(site))
                    : previous.memory().copy(owned);
            NDArray whitening = h.keyWhitening() == null ? null : SecondMoments.dampedWhitening(scratch, base,
                    site.layer(), h, h.keyWhitening(), context.progress()).toType(DataType.FLOAT32, false);
            List<Integer> order = shuffled(irrelevant.size(), context.seed());
            try (var task = context.progress().begin("wise", requests.size())) {
                for (EditRequest request : requests) {
                    String unrelated;
                    if (inputs.irrelevant() != null) {
                        unrelated = inputs.irrelevant().get();
                    } else {
                        TrainingRecords.TrainingRecord loc = irrelevant.get(order.get(memory.edits % order.size()));
                        unrelated = loc.locality() + " " + loc.localityAnswer();
                    }
                    edit(base, site, memory, request, templates, unrelated, whitening, act, context.seed());
                    task.advance(1);
                }
            }
        } catch (RuntimeException e) {
            owned.close();
            throw e;
        } finally {
            scratch.close();
        }
        List<EditRequest> all = new ArrayList<>(previous == null ? List.of() : previous.requests());
        all.addAll(requests);
        WiseModel view = new WiseModel(base, site, memory, all, h.actRatio(), h.routesTokens(), h.routesByKey(), act);
        EditState state = new EditState(WiseProvider.NAME, h, all, base.weights().fingerprint(), context.seed(), List.of(),
                memory.tensors(), Map.of());
        return previous == null ? RuntimeEdit.of(view, state, memory) : RuntimeEdit.extending(previous, view, state, memory);
    }

    @Override
    public AppliedEdit restore(LanguageModel model, EditState saved, EditContext context) {
        saved.requireMadeOn(model);
        WeightSite site = site(model);
        NDManager manager = NDManager.newBaseManager(model.spec().device());
        SideMemory memory;
        try {
            memory = SideMemory.fromTensors(saved.tensors(), manager, model.weights().shape(site));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        WiseModel view = new WiseModel(model, site, memory, saved.requests(), h.actRatio(), h.routesTokens(),
                h.routesByKey(), h.scoresActivations() ? MlpActivation.of(model, site.layer()) : null);
        return RuntimeEdit.of(view, new EditState(saved.method(), saved.hparams(), saved.requests(),
                saved.baseFingerprint(), saved.seed(), List.of(), memory.tensors(), saved.attributes()), memory);
    }

    /** The context templates: given, EasyEdit's WISE way, or ROME's sampler ({@code context_templates_from}). */
    private List<String> templates(LanguageModel base, long seed) {
        if (inputs.templates() != null) {
            return inputs.templates();
        }
        if (WiseHParams.TEMPLATES_WISE.equals(h.contextTemplatesFrom())) {
            return WiseContextTemplates.of(base, h.contextTemplateLengthParams(), h.contextTemplateSeeds());
        }
        return ContextTemplates.of(base, h, seed).flat();
    }

    private WeightSite site(LanguageModel model) {
        return Checks.innerMlpOutput(model, h.innerParams().get(0), "WISE");
    }

    private static List<Integer> shuffled(int n, long seed) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        return order;
    }

    /** Trains the current shard on one request, then keeps or merges shards as the counts say. */
    private void edit(LanguageModel base, WeightSite site, SideMemory memory, EditRequest request,
                      List<String> templates, String irrelevantText, NDArray whitening, UnaryOperator<NDArray> act,
                      long seed) {
        if (memory.editsInShard == 0) {                                                 // one mask per shard
            memory.mask = inputs.masks() != null ? memory.manager.create(inputs.masks().get(), memory.delta.getShape())
                    : drawMask(memory.manager, memory.delta.getShape(), seed + memory.edits);
        }
        List<Probe> probes = templates.stream()
                .map(t -> new Probe(t.replace("{}", request.filledPrompt()), request.targetNew())).toList();
        TeacherForcing forcing = TeacherForcing.of(base, probes);
        TokenBatch irrelevant = TokenBatch.of(base.tokenizer().encode(irrelevantText, true));
        double meanScore = train(base, site, memory, forcing, irrelevant, whitening, act);
        memory.minScore = Math.min(memory.minScore, meanScore);
        memory.editsInShard++;
        memory.edits++;
        if (memory.edits % h.saveFreq() == 0) {
            memory.shards.add(new SideMemory.Shard(memory.delta, memory.minScore, memory.keys));
            memory.delta = memory.manager.zeros(memory.delta.getShape());
            memory.mask = null;
            memory.minScore = Double.POSITIVE_INFINITY;
            memory.keys = null;
            memory.editsInShard = 0;
        }
        int together = h.mergeFreq() / h.saveFreq();
        // EasyEdit merges even one shard (merge_freq = save_freq): TIES then keeps its largest `densities` share
        if (memory.edits % h.mergeFreq() == 0 && memory.shards.size() >= together) {
            List<SideMemory.Shard> last = memory.shards.subList(memory.shards.size() - together, memory.shards.size());
            NDArray merged = Ties.merge(memory.manager, last.stream().map(SideMemory.Shard::delta).toList(),
                    h.densities(), h.weights() / together);
            double minScore = last.stream().mapToDouble(SideMemory.Shard::minScore).min().orElseThrow();
            NDArray keys = last.stream().anyMatch(s -> s.keys() == null) ? null
                    : NDArrays.concat(new NDList(last.stream().map(SideMemory.Shard::keys).toList()));
            last.forEach(s -> {
                s.delta().close();
                if (s.keys() != null) {
                    s.keys().close();
                }
            });
            last.clear();
            memory.shards.add(new SideMemory.Shard(merged, minScore, keys));
        }
    }

    /** Each entry trainable with probability {@code mask_ratio}. */
    private NDArray drawMask(NDManager manager, Shape shape, long seed) {
        Random random = new Random(seed);
        float[] mask = new float[(int) shape.size()];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = random.nextDouble() < h.maskRatio() ? 1f : 0f;
        }
        return manager.create(mask, shape);
    }

    /**
     * Up to {@code n_iter} SGD steps on the shard's change; returns the edit's activation score at the last step: the
     * mean of its rows' scores, or, when tokens are routed, of their mean token scores at the answer positions (where the
     * side memory must answer).
     */
    private double train(LanguageModel base, WeightSite site, SideMemory memory, TeacherForcing forcing,
                         TokenBatch irrelevant, NDArray whitening, UnaryOperator<NDArray> act) {
        HookSite key = HookSite.decoder(site.layer(), HookPoint.MLP_KEY);
        HookSite out = HookSite.decoder(site.layer(), HookPoint.MLP_OUT);
        TokenBatch rows = whole(forcing);
        double last = 1e9;        // EasyEdit's EarlyStopMeter: the last loss and the one before
        double beforeLast = 0;
        double score = 0;
        try (NDManager work = memory.manager.newSubManager()) {
            NDArray main = base.weights().get(site, work);
            for (int step = 0; step < h.nIter(); step++) {
                try (NDManager scope = work.newSubManager()) {
                    NDArray delta = memory.delta.duplicate();
                    delta.attach(scope);
                    delta.setRequiresGradient(true);
                    Scored edit = new Scored();
                    Scored unrelated = new Scored();
                    // WISE.edit checks the meter before the step: the losses of the two steps before this one settled
                    boolean settled = Math.abs(last - beforeLast) <= 1e-4 && last <= 0.02;
                    NDArray loss;
                    NDArray editRows;
                    try (GradientCollector collector = scope.getEngine().newGradientCollector()) {
                        ModelOutput output = base.forward(scope, rows, sideHooks(key, out, delta, edit, act));
                        NDArray nll = WiseHParams.NLL_MEAN.equals(h.nll())
                                ? forcing.meanNegativeLogLikelihood(scope, output) : easyEditNll(scope, output, forcing);
                        base.forward(scope, irrelevant, sideHooks(key, out, delta, unrelated, act));
                        editRows = edit.rows(scope);
                        loss = nll.add(margins(scope, editRows, unrelated.rows(scope)));
                        if (!settled) {
                            collector.backward(loss);
                        }
                    }
                    if (settled || step == h.nIter() - 1) {   // save_editing_activation: this pass's score is kept
                        score = h.routesTokens() ? edit.atAnswers(forcing) : editRows.mean().getFloat();
                        if (h.routesByKey()) {
                            memory.keep(edit.answerKeys(forcing));
                        }
                    }
                    if (settled) {
                        break;
                    }
                    // every op starts from an array of this step's scope, so temporaries die with it
                    NDArray gradient = whitening == null ? delta.getGradient() : delta.getGradient().matMul(whitening);
                    gradient = gradient.mul(memory.mask).add(delta.add(main).mul((float) WEIGHT_DECAY));
                    NDArray updated = gradient.mul((float) -h.editLr()).add(memory.delta)
                            .clip(-h.normConstraint(), h.normConstraint());
                    updated.attach(memory.manager);
                    memory.delta.close();
                    memory.delta = updated;
                    beforeLast = last;
                    last = loss.getFloat();
                }
            }
        }
        return score;
    }

    /**
     * The template rows whole, prompt and target, as EasyEdit feeds them (teacher forcing leaves the last target token
     * out, which predicts nothing, but EasyEdit's scores average over it too).
     */
    private static TokenBatch whole(TeacherForcing forcing) {
        List<int[]> rows = new ArrayList<>();
        for (int r = 0; r < forcing.size(); r++) {
            int[] input = forcing.batch().sequences().get(r);
            int[] answer = forcing.answer(r);
            int[] row = Arrays.copyOf(input, input.length + 1);
            row[input.length] = answer[answer.length - 1];
            rows.add(row);
        }
        return TokenBatch.of(rows);
    }

    /**
     * EasyEdit's target loss (WISE.py _cal_ft_loss): per template row, the target's summed negative log-likelihood over
     * the target's length + 1 (its label mask starts at the last prompt token, whose label is ignored but counted),
     * averaged over rows. Differentiable, without scalar arithmetic on tensors.
     */
    private static NDArray easyEditNll(NDManager manager, ModelOutput output, TeacherForcing forcing) {
        int rows = forcing.size();
        return forcing.weightedNegativeLogLikelihood(manager, output, (row, length) -> 1.0 / (rows * (length + 1)));
    }

    /** The projection's input and the side memory's token scores in one forward pass, and the pass's layout. */
    private static final class Scored {
        NDArray input;
        NDArray tokens;
        BatchLayout layout;

        NDArray rows(NDManager m) {
            return WiseModel.rowScores(m, tokens, layout);
        }

        /** The mean over rows of each row's mean token score at its answer positions. */
        double atAnswers(TeacherForcing forcing) {
            float[] all = tokens.toFloatArray();
            double sum = 0;
            for (int[] row : answerPositions(forcing)) {
                double rowSum = 0;
                for (int at : row) {
                    rowSum += all[at];
                }
                sum += rowSum / row.length;
            }
            return sum / layout.rows();
        }

        /** {@code [answer positions, in]}: the projection's input at every row's answer positions. */
        NDArray answerKeys(TeacherForcing forcing) {
            long[] at = Arrays.stream(answerPositions(forcing)).flatMapToInt(Arrays::stream).asLongStream().toArray();
            NDArray flat = input.reshape(-1, input.getShape().get(input.getShape().dimension() - 1));
            return flat.get(new NDIndex("{}", input.getManager().create(at)));
        }

        /**
         * Per row, the flat indices ({@code row × padded length + index}) of its answer positions: from its last prompt
         * token, whose output predicts the answer's first token, to its end.
         */
        private int[][] answerPositions(TeacherForcing forcing) {
            int[][] positions = new int[layout.rows()][];
            for (int r = 0; r < positions.length; r++) {
                positions[r] = new int[forcing.answer(r).length];
                for (int t = forcing.promptEnd(r); t < forcing.promptEnd(r) + positions[r].length; t++) {
                    positions[r][t - forcing.promptEnd(r)] = r * layout.paddedLength() + layout.index(r, t);
                }
            }
            return positions;
        }
    }

    /**
     * Adds the side memory's change to the projection's output and records its token scores in {@code scored}
     * ({@code act}: the model's activation, or null for {@code score: change}).
     */
    private static Hooks sideHooks(HookSite key, HookSite out, NDArray delta, Scored scored,
                                   UnaryOperator<NDArray> act) {
        NDArray[] input = new NDArray[1];
        return Hooks.none()
                .observe(key, k -> input[0] = k)
                .replace(out, (o, layout) -> {
                    NDArray change = input[0].matMul(delta.transpose());
                    scored.input = input[0];
                    scored.tokens = WiseModel.tokenScores(o.getManager(), o, change, act);
                    scored.layout = layout;
                    return o.add(change);
                });
    }

    /** {@code mean⁺(out − in + γ) + mean⁺(out − α) + mean⁺(β − in)}, mean⁺ averaging the positive entries only. */
    private NDArray margins(NDManager scope, NDArray in, NDArray out) {
        NDArray alpha = scope.create((float) h.alpha());
        NDArray beta = scope.create((float) h.beta());
        NDArray gamma = scope.create((float) h.gamma());
        return positiveMean(scope, out.sub(in).add(gamma))
                .add(positiveMean(scope, out.sub(alpha)))
                .add(positiveMean(scope, beta.sub(in)));
    }

    private static NDArray positiveMean(NDManager scope, NDArray values) {
        NDArray count = values.gt(scope.create(0f)).toType(DataType.FLOAT32, false).sum()
                .maximum(scope.create(1f));
        return Activation.relu(values).sum().div(count);
    }
}
