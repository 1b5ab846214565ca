package dev.amend.methods.memit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.amend.api.Progress;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditContext;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.EditState;
import dev.amend.api.edit.WeightDelta;
import dev.amend.api.model.HookPoint;
import dev.amend.api.model.HookSite;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.WeightSite;
import dev.amend.methods.locate.BatchLimits;
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
import java.util.function.IntFunction;

/**
 * MEMIT (Meng et al., 2023), as EasyEdit's {@code memit/memit_main.py} ({@code execute_memit}, {@code compute_z},
 * {@code compute_ks}): many edits at once, spread over several MLP output projections. For each request a
 * residual-stream target {@code z} is optimised after the last edited layer; then layer by layer, with the keys
 * {@code K} of all requests and what the stream holds now, the residual {@code R = (Z − z_now) / (layers left)} is
 * written by {@code ΔW = R Kᵀ (λC + K Kᵀ)⁻¹} (the closed form of {@link ClosedForm#memitUpdate}). With Amend's
 * {@code through_update} option the batch's shifts are instead optimised jointly through the very updates that are
 * made ({@link JointTargets}).
 */
public class Memit<H extends MemitSettings> extends WeightDeltaMethod {

    /** The hparams. */
    protected final H h;
    private final String name;

    /** @param name the provider name saved with each edit */
    public Memit(H hparams, String name) {
        this.h = hparams;
        this.name = name;
    }

    @Override
    public AppliedEdit apply(LanguageModel model, List<EditRequest> requests, EditContext context) {
        BatchLimits.require(name, requests.size(), BatchLimits.bytesPerRequest(model.spec(), h.layers().size(),
                h.contextTemplateLengthParams()), BatchLimits.physicalMemory());
        List<WeightSite> sites = h.layers().stream()
                .map(layer -> Checks.mlpOutput(model, h.rewriteModuleTmp(), layer, name)).toList();
        Map<WeightSite, NDArray> originals = new LinkedHashMap<>();
        List<WeightDelta> deltas = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(model.spec().device())) {
            Keys keys = new Keys(model, requests, context.seed());
            List<NDArray> statistics = new ArrayList<>();
            for (int layer : h.layers()) {
                statistics.add(SecondMoments.of(manager, model, layer, h, context.progress()));
            }
            prepare(manager, model);
            Map<String, NDArray> state;
            try {
                if (h.throughUpdate()) {
                    throughUpdate(manager, model, requests, keys, statistics, sites, originals, deltas, context);
                } else {
                    paper(manager, model, requests, keys, statistics, sites, originals, deltas, context);
                }
                state = editedState(manager, layer -> keys.at(manager, layer));
            } finally {
                originals.forEach(model.weights()::set);
            }
            deltas.forEach(d -> ((WeightDelta.Dense) d).delta().detach());
            state.values().forEach(NDArray::detach);
            WeightDeltaEdit edit = WeightDeltaEdit.apply(model, context, name, h, requests, deltas, state);
            applied(model, edit.state());
            return edit;
        }
    }

    /** Called before any update is computed, once every layer's statistics are loaded. */
    protected void prepare(NDManager manager, LanguageModel model) {}

    /**
     * The directions {@code D} ({@code in × n}, float64) of the {@code index}-th edited layer's update
     * {@code ΔW = R Dᵀ}: MEMIT's {@code (λC + K Kᵀ)⁻¹ K}.
     *
     * @param keys {@code [mlp, n]}
     */
    protected NDArray keyDirections(NDManager manager, int index, NDArray keys, NDArray statistics) {
        return ClosedForm.memitKeyDirections(manager, keys, statistics, h.mom2UpdateWeight());
    }

    /**
     * {@return tensors the edit's state keeps (saved with it), computed while every update is in force; none by
     * default}
     *
     * @param manager where the tensors are made
     * @param keysAt the requests' keys ({@code [mlp, n]}) at a layer, under the edited weights
     */
    protected Map<String, NDArray> editedState(NDManager manager, IntFunction<NDArray> keysAt) {
        return Map.of();
    }

    /**
     * Called once the edit is in force (the model's weights are the edited ones), with the state it saves.
     *
     * @param model the edited model
     * @param state the edit's state
     */
    protected void applied(LanguageModel model, EditState state) {}

    private int zLayer() {
        return h.layers().get(h.layers().size() - 1);
    }

    /**
     * The paper: targets {@code Z} after the last layer, then layer by layer the residual still missing, spread over the
     * layers left, written with the keys as they are after the earlier layers' updates.
     */
    private void paper(NDManager manager, LanguageModel model, List<EditRequest> requests, Keys keys,
                       List<NDArray> statistics, List<WeightSite> sites, Map<WeightSite, NDArray> originals,
                       List<WeightDelta> deltas, EditContext context) {
        NDArray initial = keys.targetSiteValues(manager, zLayer());
        NDArray shifts = shifts(manager, model, requests, keys, initial, context);
        NDArray targets = Scopes.keep(manager, () -> initial.add(shifts));
        for (int i = 0; i < h.layers().size(); i++) {
            int remaining = h.layers().size() - i;
            NDArray now = keys.targetSiteValues(manager, zLayer());
            NDArray residuals = Scopes.keep(manager, () -> targets.sub(now).div(remaining));
            NDArray directions = keyDirections(manager, i, keys.at(manager, h.layers().get(i)), statistics.get(i));
            apply(manager, model, sites.get(i), ClosedForm.update(manager, residuals, directions), originals, deltas);
        }
    }

    /**
     * Amend's through-update option: the directions {@code D_l} of every layer are taken from the keys of the unedited
     * model, the shifts {@code Δ} of all requests are optimised together through the updates
     * {@code ΔW_l = (Δ/L) D_lᵀ} applied at every position, and exactly those updates are made.
     */
    private void throughUpdate(NDManager manager, LanguageModel model, List<EditRequest> requests, Keys keys,
                               List<NDArray> statistics, List<WeightSite> sites, Map<WeightSite, NDArray> originals,
                               List<WeightDelta> deltas, EditContext context) {
        int layers = h.layers().size();
        List<NDArray> directions = new ArrayList<>();
        List<NDArray> directions32 = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            NDArray d = keyDirections(manager, i, keys.at(manager, h.layers().get(i)), statistics.get(i));
            directions.add(d);
            directions32.add(Scopes.keep(manager, () -> d.toType(DataType.FLOAT32, true)));
        }
        NDArray initial = keys.targetSiteValues(manager, zLayer());
        NDArray shifts = JointTargets.optimize(manager, model, requests, keys.templates, initial, h.layers(),
                directions32, h, context.progress());
        NDArray residuals = Scopes.keep(manager, () -> shifts.div(layers));
        for (int i = 0; i < layers; i++) {
            apply(manager, model, sites.get(i), ClosedForm.update(manager, residuals, directions.get(i)), originals,
                    deltas);
        }
    }

    /** Adds {@code update} to the weights (restored at the end of {@link #apply}) and records it. */
    private static void apply(NDManager manager, LanguageModel model, WeightSite site, NDArray update,
                              Map<WeightSite, NDArray> originals, List<WeightDelta> deltas) {
        originals.computeIfAbsent(site, s -> model.weights().get(s, manager));
        model.weights().add(site, update);
        deltas.add(new WeightDelta.Dense(site, update));
    }

    /** The paper's shift δ of every request ({@code [hidden, n]}), each optimised alone after the last layer. */
    private NDArray shifts(NDManager manager, LanguageModel model, List<EditRequest> requests, Keys keys,
                           NDArray initial, EditContext context) {
        TargetOptimization.Injection injection = new TargetOptimization.AtFactToken(
                HookSite.decoder(zLayer(), HookPoint.RESID_POST));
        List<NDArray> columns = new ArrayList<>();
        try (Progress.Task task = context.progress().begin(name + " targets", requests.size())) {
            for (int r = 0; r < requests.size(); r++) {
                EditRequest request = requests.get(r);
                List<String> prompts = keys.templates.around(PromptTemplates.of(request));
                columns.add(TargetOptimization.optimize(manager, model, prompts, request.subject(),
                        spacedOnce(request.targetNew()), initial.get(":, " + r), injection, h));
                task.advance(1);
            }
        }
        return Scopes.keep(manager, () -> NDArrays.stack(new NDList(columns), 1));
    }

    /**
     * {@return the target as {@link dev.amend.methods.locate.TargetTokens} must get it to tokenize what EasyEdit's
     * {@code execute_memit} does} MEMIT puts a space before the target only when it has none (ROME before any target
     * but a lone space, which TargetTokens follows), so a target that starts with a space loses it here and gets it
     * back there.
     */
    static String spacedOnce(String target) {
        return target.length() > 1 && target.startsWith(" ") ? target.substring(1) : target;
    }

    /** Where each request's key and target are read: its prompt in every context template, at the fact token. */
    private final class Keys {
        private final LanguageModel model;
        private final ContextTemplates.Templates templates;
        private final List<String> texts = new ArrayList<>();
        private final List<Integer> positions = new ArrayList<>();
        private final List<String> plainTexts = new ArrayList<>();
        private final List<Integer> plainPositions = new ArrayList<>();

        Keys(LanguageModel model, List<EditRequest> requests, long seed) {
            this.model = model;
            this.templates = ContextTemplates.of(model, h, seed);
            FactToken factToken = FactToken.parse(h.factToken());
            for (EditRequest r : requests) {
                String template = PromptTemplates.of(r);
                for (String prompt : templates.around(template)) {
                    texts.add(PromptTemplates.fill(prompt, r.subject()));
                    positions.add(factToken.index(model.tokenizer(), prompt, r.subject()));
                }
                plainTexts.add(PromptTemplates.fill(template, r.subject()));
                plainPositions.add(factToken.index(model.tokenizer(), template, r.subject()));
            }
        }

        /** {@code [mlp, n]}: each request's MLP key at {@code layer}, averaged within template groups, then over them. */
        NDArray at(NDManager manager, int layer) {
            HookSite site = HookSite.decoder(layer, HookPoint.MLP_KEY);
            return Scopes.keep(manager, () -> {
                NDArray all = Representations.at(manager, model, texts, positions, List.of(site)).get(site);
                int perRequest = templates.flat().size();
                List<NDArray> columns = new ArrayList<>();
                for (int from = 0; from < all.getShape().get(0); from += perRequest) {
                    List<NDArray> groupMeans = new ArrayList<>();
                    int start = from;
                    for (List<String> group : templates.groups()) {
                        groupMeans.add(all.get(start + ":" + (start + group.size())).mean(new int[] {0}));
                        start += group.size();
                    }
                    columns.add(NDArrays.stack(new NDList(groupMeans), 0).mean(new int[] {0}));
                }
                return NDArrays.stack(new NDList(columns), 1);
            });
        }

        /** {@code [hidden, n]}: the residual stream after {@code layer} at each plain prompt's fact token, now. */
        NDArray targetSiteValues(NDManager manager, int layer) {
            HookSite site = HookSite.decoder(layer, HookPoint.RESID_POST);
            return Scopes.keep(manager, () -> Representations.at(manager, model, plainTexts, plainPositions,
                    List.of(site)).get(site).transpose());
        }
    }
}
