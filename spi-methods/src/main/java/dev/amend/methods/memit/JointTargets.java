package dev.amend.methods.memit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.amend.api.Progress;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.Probe;
import dev.amend.api.model.HookPoint;
import dev.amend.api.model.HookSite;
import dev.amend.api.model.Hooks;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.ModelOutput;
import dev.amend.api.model.TokenBatch;
import dev.amend.methods.locate.ContextTemplates;
import dev.amend.methods.locate.FactToken;
import dev.amend.methods.locate.PromptTemplates;
import dev.amend.methods.locate.TargetOptimization;
import dev.amend.methods.optim.Adam;
import dev.amend.toolkit.model.TeacherForcing;
import java.util.ArrayList;
import java.util.List;

/**
 * The through-update option for a whole batch: the shifts {@code Δ = [δ_1 … δ_n]} of all requests are optimised
 * together through the very updates {@code ΔW_l = (Δ/L) D_lᵀ} that will be made, applied at every position, so each
 * request's target is reached in the presence of the others' (MEMIT's closed form spreads every residual over all
 * keys). The loss is the mean over requests of EasyEdit's per-request loss: NLL of the target, KL on "{} is a",
 * {@code v_weight_decay · ‖δ_r‖ / ‖v_init,r‖²}; each δ_r is clamped to {@code clamp_norm_factor · ‖v_init,r‖}.
 */
final class JointTargets {

    private static final double STOP_LOSS = 5e-2;

    private JointTargets() {}

    /**
     * @param initial    {@code [hidden, n]}: the residual stream at each request's fact token
     * @param directions per edited layer, {@code [mlp, n]} float32
     * @return Δ, {@code [hidden, n]}
     */
    static NDArray optimize(NDManager manager, LanguageModel model, List<EditRequest> requests,
                            ContextTemplates.Templates contexts,
                            NDArray initial, List<Integer> layers, List<NDArray> directions, MemitSettings h,
                            Progress progress) {
        int n = requests.size();
        FactToken factToken = FactToken.parse(h.factToken());
        List<Probe> probes = new ArrayList<>();
        List<int[]> klIds = new ArrayList<>();
        int[] klLookups = new int[n];
        for (int r = 0; r < n; r++) {
            EditRequest request = requests.get(r);
            for (String prompt : contexts.around(PromptTemplates.of(request))) {
                probes.add(new Probe(PromptTemplates.fill(prompt, request.subject()), request.targetNew()));
            }
            klIds.add(model.tokenizer().encode(PromptTemplates.fill(TargetOptimization.KL_TEMPLATE,
                    request.subject()), true));
            klLookups[r] = factToken.index(model.tokenizer(), TargetOptimization.KL_TEMPLATE, request.subject());
        }
        TeacherForcing forcing = TeacherForcing.of(model, probes);
        float[] initNorms = initial.norm(new int[] {0}).toFloatArray();
        float[] decay = new float[n];
        for (int r = 0; r < n; r++) {
            decay[r] = (float) (h.vWeightDecay() / (initNorms[r] * (double) initNorms[r]) / n);
        }
        try (NDManager work = manager.newSubManager();
             Progress.Task task = progress.begin("memit joint targets", h.vNumGradSteps())) {
            Adam adam = Adam.of(work.zeros(initial.getShape()), h.vLr());
            NDArray klInit = null;
            for (int it = 0; it < h.vNumGradSteps(); it++) {
                try (NDManager step = work.newSubManager()) {
                    NDArray delta = adam.trainableCopy(step);
                    Hooks hooks = hooks(step, layers, directions, delta);
                    double loss;
                    NDArray total;
                    try (GradientCollector collector = step.getEngine().newGradientCollector()) {
                        NDArray nll = forcing.meanNegativeLogLikelihood(step, model.forward(step, forcing.batch(),
                                hooks));
                        ModelOutput kl = model.forward(step, TokenBatch.of(klIds), hooks);
                        List<NDArray> rows = new ArrayList<>();
                        for (int r = 0; r < n; r++) {
                            rows.add(kl.logits(r).get(klLookups[r]));
                        }
                        NDArray logProbs = NDArrays.stack(new NDList(rows), 0).logSoftmax(-1);
                        if (klInit == null) {
                            klInit = logProbs.stopGradient().duplicate();
                            klInit.attach(work);
                        }
                        NDArray klLoss = logProbs.exp().mul(logProbs.sub(klInit)).sum()
                                .mul(step.create((float) (h.klFactor() / n)));
                        NDArray weightDecay = delta.norm(new int[] {0}).mul(step.create(decay)).sum();
                        total = nll.add(klLoss).add(weightDecay);
                        loss = total.getFloat();
                        task.status(String.format("loss %.3f", loss));
                        task.advance(1);
                        if (loss < STOP_LOSS || it == h.vNumGradSteps() - 1) {
                            break;
                        }
                        collector.backward(total);
                    }
                    adam.update(delta.getGradient());
                    clamp(adam.value(), initNorms, h.clampNormFactor());
                }
            }
            NDArray result = adam.value().duplicate();
            result.attach(manager);
            return result;
        }
    }

    /** At each layer the MLP output gains {@code (k_t D_l)(Δ/L)ᵀ} at every position. */
    private static Hooks hooks(NDManager manager, List<Integer> layers, List<NDArray> directions, NDArray delta) {
        Hooks hooks = Hooks.none();
        NDArray scale = manager.create(1f / layers.size());
        for (int i = 0; i < layers.size(); i++) {
            NDArray d = directions.get(i);
            NDArray[] key = new NDArray[1];
            hooks = hooks.observe(HookSite.decoder(layers.get(i), HookPoint.MLP_KEY), k -> key[0] = k);
            hooks = hooks.replace(HookSite.decoder(layers.get(i), HookPoint.MLP_OUT),
                    (out, layout) -> out.add(key[0].matMul(d).matMul(delta.transpose()).mul(scale)));
        }
        return hooks;
    }

    /** Scales each column δ_r down to {@code factor · ‖v_init,r‖} where it is longer. */
    private static void clamp(NDArray delta, float[] initNorms, double factor) {
        float[] norms = delta.norm(new int[] {0}).toFloatArray();
        float[] scales = new float[norms.length];
        for (int r = 0; r < norms.length; r++) {
            double max = factor * initNorms[r];
            scales[r] = norms[r] > max ? (float) (max / norms[r]) : 1f;
        }
        try (NDManager scratch = delta.getManager().newSubManager()) {
            NDArray s = scratch.create(scales, new Shape(1, norms.length));
            delta.muli(s);
        }
    }
}
