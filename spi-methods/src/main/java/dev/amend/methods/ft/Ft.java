package dev.amend.methods.ft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import dev.amend.api.Progress;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditContext;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.InvalidRequestException;
import dev.amend.api.edit.Probe;
import dev.amend.api.edit.WeightDelta;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.ModelOutput;
import dev.amend.api.model.TokenBatch;
import dev.amend.api.model.WeightSite;
import dev.amend.api.model.Weights;
import dev.amend.methods.locate.Checks;
import dev.amend.methods.optim.Adam;
import dev.amend.toolkit.edit.WeightDeltaEdit;
import dev.amend.toolkit.edit.WeightDeltaMethod;
import dev.amend.toolkit.model.TeacherForcing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fine-tuning baselines as EasyEdit runs them: the chosen weight matrices are trained with Adam on the requests, in
 * batches of {@code batch_size}, for {@code num_steps} passes (stopping once the mean loss is under 0.01; a batch whose
 * loss is already under 0.01 takes no step; a pass's loss is the mean over requests, each batch weighing its size, as
 * EasyEdit's AverageMeter), each weight kept within {@code norm_constraint} of its original value (FT-L). The change is
 * then applied through {@link WeightDeltaEdit}, so it reverts bit for bit. Follows EasyEdit's ft/ft_main.py
 * execute_ft; where it pads a batch (left, as its editor sets for FT) Amend runs each row unpadded, so batches of
 * prompts of different lengths read each prompt's true last token (EasyEdit's prompt_last reads
 * {@code attention_mask.sum() - 1}, a middle token of a left-padded row).
 */
final class Ft extends WeightDeltaMethod {

    private static final double STOP_LOSS = 1e-2;

    private final FtHParams h;

    Ft(FtHParams hparams) {
        this.h = hparams;
    }

    @Override
    public AppliedEdit apply(LanguageModel model, List<EditRequest> requests, EditContext context) {
        Weights weights = model.weights();
        List<WeightSite> sites = new ArrayList<>();
        for (int layer : h.layers()) {
            Checks.requireLayer(model, layer);
            sites.add(weights.resolveModule(h.rewriteModuleTmp(), layer));
        }
        List<WeightDelta> deltas = new ArrayList<>();
        Map<String, NDArray> parameters = weights.trainableParameters();
        try (NDManager manager = NDManager.newBaseManager(model.spec().device())) {
            Map<WeightSite, NDArray> before = new LinkedHashMap<>();
            List<NDArray> live = new ArrayList<>();
            List<NDArray> stored = new ArrayList<>();
            List<Adam> optimizers = new ArrayList<>();
            for (WeightSite site : sites) {
                before.put(site, weights.get(site, manager));
                NDArray p = parameters.get(weights.parameterOf(site));
                NDArray copy = p.duplicate();
                copy.attach(manager);
                live.add(p);
                stored.add(copy);
                optimizers.add(new Adam(manager, p, h.lr(), 0.9, 0.999, h.weightDecay(), false));
            }
            try {
                live.forEach(p -> p.setRequiresGradient(true));
                train(manager, model, requests, live, stored, optimizers, context.progress());
                for (WeightSite site : sites) {
                    NDArray delta = weights.get(site, manager).sub(before.get(site));
                    delta.detach();
                    deltas.add(new WeightDelta.Dense(site, delta));
                }
            } finally {
                for (int i = 0; i < live.size(); i++) {
                    live.get(i).set(new NDIndex(":"), stored.get(i));
                    live.get(i).setRequiresGradient(false);
                }
            }
        }
        return WeightDeltaEdit.apply(model, context, FtProvider.NAME, h, requests, deltas);
    }

    private void train(NDManager manager, LanguageModel model, List<EditRequest> requests, List<NDArray> live,
                       List<NDArray> stored, List<Adam> optimizers, Progress progress) {
        try (Progress.Task task = progress.begin("ft", h.numSteps())) {
            for (int step = 0; step < h.numSteps(); step++) {
                double sum = 0;
                int counted = 0;
                for (int from = 0; from < requests.size(); from += h.batchSize()) {
                    List<EditRequest> batch = requests.subList(from, Math.min(requests.size(), from + h.batchSize()));
                    try (NDManager scope = manager.newSubManager()) {
                        double loss;
                        boolean learn;
                        zeroGradients(live);   // PyTorch accumulates gradients: each step starts from zero
                        try (GradientCollector collector = scope.getEngine().newGradientCollector()) {
                            NDArray objective = objective(scope, model, batch);
                            loss = objective.getFloat();
                            learn = loss >= STOP_LOSS;
                            if (learn) {
                                collector.backward(objective);
                            }
                        }
                        if (learn) {
                            for (int i = 0; i < live.size(); i++) {
                                try (NDArray gradient = live.get(i).getGradient()) {   // a new handle per call
                                    optimizers.get(i).update(gradient);
                                }
                                clamp(live.get(i), stored.get(i));
                            }
                        }
                        sum += loss * batch.size();   // EasyEdit's AverageMeter: each batch weighs its size
                        counted += batch.size();
                    }
                }
                task.status(String.format("loss %.4f", sum / counted));
                task.advance(1);
                if (sum / counted < STOP_LOSS) {
                    break;
                }
            }
        }
    }

    /**
     * Zeroes the trained parameters' gradients in place. Not {@code GradientCollector.zeroGradients()}: that walks
     * every array of the engine and leaves two gradient handles behind for each one with a gradient.
     */
    private static void zeroGradients(List<NDArray> parameters) {
        for (NDArray p : parameters) {
            if (p.hasGradient()) {
                try (NDArray gradient = p.getGradient()) {
                    gradient.subi(gradient);
                }
            }
        }
    }

    /** Keeps every weight within the L∞ bound of its original value (FT-L); the temporaries are freed. */
    private void clamp(NDArray parameter, NDArray original) {
        if (!h.normConstraint().bounded()) {
            return;
        }
        double eps = h.normConstraint().bound();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            parameter.set(new NDIndex(":"), parameter.maximum(original.sub(eps)).minimum(original.add(eps)));
        }
    }

    /** The batch's loss: EasyEdit's {@code prompt_last} or {@code target_new} objective (ft_main.py execute_ft). */
    private NDArray objective(NDManager manager, LanguageModel model, List<EditRequest> batch) {
        List<Probe> probes = batch.stream().map(r -> new Probe(r.filledPrompt(), r.targetNew())).toList();
        if (h.objectiveOptimization().equals("target_new")) {
            TeacherForcing forcing = TeacherForcing.of(model, probes);
            return forcing.meanNegativeLogLikelihood(manager, model.forward(manager, forcing.batch()));
        }
        // prompt_last: every target token scored by the distribution after the prompt's last token
        List<int[]> prompts = model.tokenizer().encodeAll(probes.stream().map(Probe::prompt).toList(), true);
        List<int[]> answers = targets(model, probes);
        ModelOutput output = model.forward(manager, TokenBatch.of(prompts));
        List<NDArray> rows = new ArrayList<>();
        for (int row = 0; row < batch.size(); row++) {
            NDArray logProbs = output.logits(row).get(prompts.get(row).length - 1).logSoftmax(-1);
            int[] answer = answers.get(row);
            long[] ids = new long[answer.length];
            for (int i = 0; i < answer.length; i++) {
                ids[i] = answer[i];
            }
            NDArray oneHot = manager.create(ids).oneHot((int) logProbs.getShape().get(0))
                    .toType(logProbs.getDataType(), false);
            NDArray weights = manager.create(new float[] {-1f / answer.length});
            rows.add(oneHot.matMul(logProbs).sum().mul(weights));
        }
        NDArray mean = manager.create(new float[] {1f / batch.size()});
        return NDArrays.stack(new NDList(rows)).sum().mul(mean);
    }

    /**
     * prompt_last's target ids. {@code alone}: EasyEdit's ft_main.py prefixes the target with a space (unless it is
     * {@code " "}) and tokenizes it on its own, special tokens included ({@code tok(tgt)}: a BOS on LLaMA-style
     * tokenizers); {@code in_context}: the target's tokens after the prompt.
     */
    private List<int[]> targets(LanguageModel model, List<Probe> probes) {
        if (h.targetTokens().equals(FtHParams.TARGET_IN_CONTEXT)) {
            TeacherForcing forcing = TeacherForcing.of(model, probes);
            List<int[]> answers = new ArrayList<>();
            for (int row = 0; row < probes.size(); row++) {
                answers.add(forcing.answer(row));
            }
            return answers;
        }
        List<String> texts = probes.stream().map(p -> p.answer().equals(" ") ? " " : " " + p.answer()).toList();
        List<int[]> answers = model.tokenizer().encodeAll(texts, true);
        for (int row = 0; row < answers.size(); row++) {
            if (answers.get(row).length == 0) {
                throw new InvalidRequestException("target_new", "'" + probes.get(row).answer() + "' has no tokens");
            }
        }
        return answers;
    }
}
