package dev.amend.methods.locate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.amend.api.model.BatchLayout;
import dev.amend.api.model.HookPoint;
import dev.amend.api.model.HookSite;
import dev.amend.api.model.Hooks;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.ModelOutput;
import dev.amend.toolkit.model.TeacherForcing;
import dev.amend.api.model.TokenBatch;
import dev.amend.methods.optim.Adam;
import java.util.ArrayList;
import java.util.List;

/**
 * The target-value optimisation of ROME ({@code compute_v}) and MEMIT ({@code compute_z}), written once: a vector δ
 * added to an activation is trained with Adam so that the model predicts the new target after every context-wrapped
 * prompt, with {@code kl_factor · KL} keeping the subject's next-token distribution on {@code "{} is a"}, plus
 * {@code v_weight_decay · ‖δ‖ / ‖v_init‖²}; δ is clamped to {@code clamp_norm_factor · ‖v_init‖} after each step, and
 * the loop stops early under a loss of 0.05. The target's tokens and the rewriting prompts' layout are
 * {@link TargetTokens}'; EasyEdit pads its batch on the right, which changes nothing for a causal model.
 */
public final class TargetOptimization {

    /** EasyEdit's KL prompt. */
    public static final String KL_TEMPLATE = "{} is a";
    private static final double STOP_LOSS = 5e-2;

    /** How δ enters the forward pass. */
    public sealed interface Injection permits AtFactToken, ThroughUpdate {}

    /** The paper: δ is added to {@code site}'s activation at each prompt's fact token. */
    public record AtFactToken(HookSite site) implements Injection {}

    /**
     * Amend's through-update option: at each term's layer the MLP output gains {@code (k_t · a) (scale·δ + offset)} at
     * every position t, where {@code k_t} is the MLP key there — exactly what a weight update
     * {@code ΔW = (scale·δ + offset) aᵀ} adds.
     */
    public record ThroughUpdate(List<Term> terms) implements Injection {
        public ThroughUpdate {
            terms = List.copyOf(terms);
        }
    }

    /**
     * One layer's share of a through-update.
     *
     * @param keyDirection {@code a}: {@code [mlp]}
     * @param offset       {@code [hidden]}, or null for none
     */
    public record Term(int layer, NDArray keyDirection, double scale, NDArray offset) {}

    private TargetOptimization() {}

    /**
     * Trains δ for one request.
     *
     * @param prompts     rewriting prompts: each context template around the prompt template ({@code {}} = subject)
     * @param subject     the subject
     * @param target      the new target text as the request gives it ({@link TargetTokens} spaces and tokenizes it)
     * @param targetInit  {@code v_init}: the activation δ is added to, at the plain prompt's fact token
     * @param manager     receives the result
     * @return the trained δ, {@code [width]}
     */
    public static NDArray optimize(NDManager manager, LanguageModel model, List<String> prompts, String subject,
                                  String target, NDArray targetInit, Injection injection, TargetHParams h) {
        return optimize(manager, model, prompts, subject, TargetTokens.ids(model.tokenizer(), target), targetInit,
                injection, h);
    }

    /**
     * {@link #optimize(NDManager, LanguageModel, List, String, String, NDArray, Injection, TargetHParams)} with the
     * target's ids given (e.g. {@code TargetTokens.encoded(tokenizer, TargetTokens.spacedUnlessLeading(target))}, as
     * MEMIT spaces it).
     */
    public static NDArray optimize(NDManager manager, LanguageModel model, List<String> prompts, String subject,
                                  int[] targetIds, NDArray targetInit, Injection injection, TargetHParams h) {
        FactToken factToken = FactToken.parse(h.factToken());
        List<TargetTokens.Rewriting> rows = new ArrayList<>();
        List<Integer> lookups = new ArrayList<>();
        for (String prompt : prompts) {
            TargetTokens.Rewriting row = TargetTokens.rewriting(model.tokenizer(), prompt, subject, targetIds);
            rows.add(row);
            // EasyEdit's find_fact_lookup_idx: 'last' on the prompt alone, the subject's tokens in the whole template
            lookups.add(factToken.index(model.tokenizer(), factToken == FactToken.LAST ? prompt : row.template(),
                    subject));
        }
        TokenBatch batch = TokenBatch.of(rows.stream().map(TargetTokens.Rewriting::input).toList());
        int[] klIds = model.tokenizer().encode(PromptTemplates.fill(KL_TEMPLATE, subject), true);
        int klLookup = factToken.index(model.tokenizer(), KL_TEMPLATE, subject);
        double initNorm = targetInit.norm().getFloat();
        double maxNorm = h.clampNormFactor() * initNorm;
        try (NDManager work = manager.newSubManager()) {
            Adam adam = Adam.of(work.zeros(new Shape(targetInit.getShape().get(0))), h.vLr());
            NDArray klInit = null;
            for (int it = 0; it < h.vNumGradSteps(); it++) {
                try (NDManager step = work.newSubManager()) {
                    NDArray delta = adam.trainableCopy(step);
                    NDArray total;
                    try (GradientCollector collector = step.getEngine().newGradientCollector()) {
                        ModelOutput rewritten = model.forward(step, batch, hooks(step, injection, delta, lookups));
                        NDArray nllLoss = meanNegativeLogLikelihood(step, rewritten, rows);
                        ModelOutput kl = model.forward(step, TokenBatch.of(klIds),
                                hooks(step, injection, delta, List.of(klLookup)));
                        NDArray klLogProbs = kl.logits(0).get(klLookup).logSoftmax(-1);
                        if (klInit == null) {
                            klInit = klLogProbs.stopGradient().duplicate();
                            klInit.attach(work);
                        }
                        // KL(current ‖ initial), EasyEdit's kl_div(init, current, log_target=True), batch of one
                        NDArray klLoss = klLogProbs.exp().mul(klLogProbs.sub(klInit)).sum()
                                .mul(step.create((float) h.klFactor()));
                        NDArray decay = delta.norm().mul(step.create((float) (h.vWeightDecay() / (initNorm * initNorm))));
                        total = nllLoss.add(klLoss).add(decay);
                        if (total.getFloat() < STOP_LOSS || it == h.vNumGradSteps() - 1) {
                            break;
                        }
                        collector.backward(total);
                    }
                    adam.update(delta.getGradient());
                    NDArray value = adam.value();
                    double norm = value.norm().getFloat();
                    if (norm > maxNorm) {
                        value.muli(maxNorm / norm);
                    }
                }
            }
            NDArray result = adam.value().duplicate();
            result.attach(manager);
            return result;
        }
    }

    /**
     * EasyEdit's NLL: per row, {@code -Σ log p(target token)} over the target positions divided by the target's length,
     * averaged over the rows; differentiable (no scalar arithmetic on tensors inside the gradient collector).
     */
    static NDArray meanNegativeLogLikelihood(NDManager manager, ModelOutput output,
                                             List<TargetTokens.Rewriting> rows) {
        int[] first = rows.stream().mapToInt(TargetTokens.Rewriting::firstPrediction).toArray();
        return TeacherForcing.weightedNegativeLogLikelihood(manager, output,
                rows.stream().map(TargetTokens.Rewriting::target).toList(), first,
                (row, length) -> 1.0 / (rows.size() * length));
    }

    /** The hooks that add δ as {@code injection} says, for a batch whose rows have these fact-token positions. */
    private static Hooks hooks(NDManager manager, Injection injection, NDArray delta, List<Integer> lookups) {
        Hooks hooks = Hooks.none();
        if (injection instanceof AtFactToken at) {
            hooks = hooks.replace(at.site(), (activation, layout) -> activation.add(
                    positionMask(manager, layout, lookups).mul(delta)));
        } else if (injection instanceof ThroughUpdate through) {
            for (Term term : through.terms()) {
                NDArray[] key = new NDArray[1];
                NDArray scale = manager.create((float) term.scale());
                hooks = hooks.observe(HookSite.decoder(term.layer(), HookPoint.MLP_KEY), k -> key[0] = k);
                hooks = hooks.replace(HookSite.decoder(term.layer(), HookPoint.MLP_OUT), (out, layout) -> {
                    NDArray value = delta.mul(scale);
                    if (term.offset() != null) {
                        value = value.add(term.offset());
                    }
                    NDArray coefficient = key[0].matMul(term.keyDirection()).expandDims(-1);
                    return out.add(coefficient.mul(value));
                });
            }
        }
        return hooks;
    }

    /** {@code [rows, paddedLength, 1]}: 1 at each row's fact token, 0 elsewhere. */
    static NDArray positionMask(NDManager manager, BatchLayout layout, List<Integer> lookups) {
        int t = layout.paddedLength();
        float[] mask = new float[layout.rows() * t];
        for (int row = 0; row < layout.rows(); row++) {
            mask[row * t + layout.index(row, lookups.get(row))] = 1f;
        }
        return manager.create(mask, new Shape(layout.rows(), t, 1));
    }
}
