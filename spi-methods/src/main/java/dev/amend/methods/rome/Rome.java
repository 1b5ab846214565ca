package dev.amend.methods.rome;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditContext;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.WeightDelta;
import dev.amend.api.model.HookPoint;
import dev.amend.api.model.HookSite;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.WeightSite;
import dev.amend.methods.locate.Checks;
import dev.amend.methods.locate.ClosedForm;
import dev.amend.methods.locate.ContextTemplates;
import dev.amend.methods.locate.FactToken;
import dev.amend.methods.locate.PromptTemplates;
import dev.amend.methods.locate.Representations;
import dev.amend.methods.locate.Scopes;
import dev.amend.methods.locate.SecondMoments;
import dev.amend.methods.locate.TargetOptimization;
import dev.amend.toolkit.edit.WeightDeltaEdit;
import dev.amend.toolkit.edit.WeightDeltaMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ROME (Meng et al., 2022) and R-ROME (Gupta et al., 2024), as EasyEdit's {@code rome/} and {@code r_rome/}: a
 * rank-one update {@code ΔW = r ℓᵀ} of one MLP output projection per layer. The key is the MLP key at the fact token
 * of the prompt in every context template, {@code ℓ = C⁻¹k̄ / ‖C⁻¹k̄‖} ({@code compute_u}), the value {@code v*} is
 * optimised so that the model says the new target ({@code compute_v}, {@link TargetOptimization}), and
 * {@code r = (v* − v) / (kᵀℓ)} makes the updated matrix map {@code k} to {@code v*}: ROME takes {@code k} and
 * {@code v} from the bare prompt, R-ROME averages them over the templates ({@link RomeHParams}). Layers are edited in
 * order, each on top of the previous ones' update, as EasyEdit does.
 */
public final class Rome extends WeightDeltaMethod {

    private final String name;
    private final RomeHParams h;

    /**
     * @param name    the method's registered name ({@code rome} or {@code r-rome}), recorded with each edit
     * @param hparams its hparams
     */
    public Rome(String name, RomeHParams hparams) {
        this.name = name;
        this.h = hparams;
    }

    @Override
    public AppliedEdit apply(LanguageModel model, List<EditRequest> requests, EditContext context) {
        if (requests.size() != 1) {
            throw new IllegalArgumentException(name + " edits one request per apply, got " + requests.size());
        }
        EditRequest request = requests.get(0);
        Map<WeightSite, NDArray> originals = new LinkedHashMap<>();
        List<WeightDelta> deltas = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(model.spec().device())) {
            try {
                for (int layer : h.layers()) {
                    WeightSite site = Checks.mlpOutput(model, h.rewriteModuleTmp(), layer, name);
                    WeightDelta.LowRank delta = rankOne(manager, model, request, layer, site, context);
                    originals.computeIfAbsent(site, s -> model.weights().get(s, manager));
                    try (NDManager step = manager.newSubManager()) {
                        model.weights().add(site, delta.materialize(step));
                    }
                    deltas.add(delta);
                }
            } finally {
                originals.forEach(model.weights()::set);
            }
            for (WeightDelta d : deltas) {
                ((WeightDelta.LowRank) d).u().detach();
                ((WeightDelta.LowRank) d).v().detach();
            }
        }
        return WeightDeltaEdit.apply(model, context, name, h, requests, deltas);
    }

    /** The rank-one update of one layer for one request, with the weights as they are now. */
    private WeightDelta.LowRank rankOne(NDManager manager, LanguageModel model, EditRequest request, int layer,
                                        WeightSite site, EditContext context) {
        FactToken factToken = FactToken.parse(h.factToken());
        String template = PromptTemplates.of(request);
        List<String> prompts = ContextTemplates.of(model, h, context.seed()).around(template);
        List<String> texts = prompts.stream().map(p -> PromptTemplates.fill(p, request.subject())).toList();
        List<Integer> positions = prompts.stream()
                .map(p -> factToken.index(model.tokenizer(), p, request.subject())).toList();
        HookSite keySite = HookSite.decoder(layer, HookPoint.MLP_KEY);
        HookSite outSite = HookSite.decoder(layer, HookPoint.MLP_OUT);
        try (NDManager work = manager.newSubManager()) {
            Map<HookSite, NDArray> reps = Representations.at(work, model, texts, positions, List.of(keySite, outSite));
            NDArray keys = reps.get(keySite);
            NDArray values = reps.get(outSite);
            // the first context template is "{}": row 0 is the prompt itself
            NDArray promptKey = keys.get(0);
            NDArray promptValue = values.get(0);
            NDArray meanKey = keys.mean(new int[] {0});
            NDArray meanValue = values.mean(new int[] {0});
            boolean averagedKeys = h.originalImplementation() || h.enableRandomPrefixKeys();
            NDArray key = h.enableRandomPrefixKeys() ? meanKey : promptKey;
            NDArray current = h.enableRandomPrefixKeys() ? meanValue : promptValue;
            NDArray inverseStatistics = h.mom2Adjustment()
                    ? SecondMoments.inverse(work, model, layer, h, context.progress()) : null;
            NDArray left = ClosedForm.romeLeft(work, averagedKeys ? meanKey : promptKey, inverseStatistics);
            TargetOptimization.Injection injection;
            if (h.throughUpdate()) {
                NDArray direction = Scopes.keep(work, () -> left.div(key.dot(left)));
                NDArray offset = Scopes.keep(work, () -> promptValue.sub(current));
                injection = new TargetOptimization.ThroughUpdate(List.of(
                        new TargetOptimization.Term(layer, direction, 1.0, offset)));
            } else {
                injection = new TargetOptimization.AtFactToken(outSite);
            }
            NDArray delta = TargetOptimization.optimize(work, model, prompts, request.subject(),
                    request.targetNew(), promptValue, injection, h);
            NDArray target = Scopes.keep(work, () -> promptValue.add(delta));
            NDArray right = ClosedForm.romeRight(manager, target, current, key, left);
            NDArray u = right.expandDims(1);
            NDArray v = left.expandDims(1);
            u.attach(manager);
            v.attach(manager);
            return new WeightDelta.LowRank(site, u, v);
        }
    }
}
