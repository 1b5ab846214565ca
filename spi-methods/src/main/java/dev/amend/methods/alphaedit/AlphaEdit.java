package dev.amend.methods.alphaedit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.amend.api.Progress;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditContext;
import dev.amend.api.edit.EditState;
import dev.amend.api.model.LanguageModel;
import dev.amend.methods.locate.ClosedForm;
import dev.amend.methods.locate.ContextTemplates;
import dev.amend.methods.locate.Scopes;
import dev.amend.methods.locate.SecondMoments;
import dev.amend.methods.memit.Memit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * AlphaEdit (Fang et al., 2025): MEMIT whose update is projected into the null space of the preserved keys, so that
 * what the statistics' keys map to does not move, and which also keeps the keys of earlier edits
 * ({@code K₀K₀ᵀ}, summed over the edits in force) out of later updates' way, for long sequential editing.
 *
 * <p>Each edit's state keeps its own keys ({@code keys.<layer>}); the sums live in the model's cache by the weights
 * fingerprint they belong to ({@link EarlierKeys}), so an edit made after a revert does not see the reverted edits'
 * keys, and a saved sequence re-applied edit by edit to the base model continues exactly as it would have.
 */
final class AlphaEdit extends Memit<AlphaEditHParams> {

    private List<NDArray> projectors;
    private List<NDArray> earlierKeys;

    AlphaEdit(AlphaEditHParams hparams) {
        super(hparams, AlphaEditProvider.NAME);
    }

    @Override
    protected void prepare(NDManager manager, LanguageModel model) {
        projectors = new ArrayList<>();
        for (int i = 0; i < h.layers().size(); i++) {
            projectors.add(SecondMoments.nullSpaceProjector(manager, model, h.layers().get(i), h,
                    h.nullspaceThreshold(), Progress.NONE)); // the statistics are loaded by now
        }
        earlierKeys = EarlierKeys.of(model).sums(model.weights().fingerprint());
    }

    @Override
    protected NDArray keyDirections(NDManager manager, int index, NDArray keys, NDArray statistics) {
        return ClosedForm.alphaEditKeyDirections(manager, keys, projectors.get(index),
                earlierKeys == null ? null : earlierKeys.get(index), h.l2());
    }

    /** The requests' keys at every edited layer, under the edited weights, in float64: what later edits avoid. */
    @Override
    protected Map<String, NDArray> editedState(NDManager manager, IntFunction<NDArray> keysAt) {
        Map<String, NDArray> keys = new LinkedHashMap<>();
        for (int layer : h.layers()) {
            NDArray k = keysAt.apply(layer);
            keys.put(keyName(layer), Scopes.keep(manager, () -> k.toType(DataType.FLOAT64, true)));
        }
        return keys;
    }

    @Override
    protected void applied(LanguageModel model, EditState state) {
        remember(model, state);
    }

    /**
     * Re-applies the deltas and remembers the edit's keys for the edits that follow it. First, on the weights the edit
     * was made on, it loads what applying the edit left in the model's cache (the context templates of the edit's seed,
     * the statistics and their null-space projectors), so that later edits see exactly what they would have seen had
     * the edit never been saved.
     */
    @Override
    public AppliedEdit restore(LanguageModel model, EditState saved, EditContext context) {
        saved.requireMadeOn(model);
        ContextTemplates.of(model, h, saved.seed());
        try (NDManager scratch = NDManager.newBaseManager(model.spec().device())) {
            for (int layer : h.layers()) {
                SecondMoments.nullSpaceProjector(scratch, model, layer, h, h.nullspaceThreshold(), context.progress());
            }
        }
        AppliedEdit edit = super.restore(model, saved, context);
        remember(model, saved);
        return edit;
    }

    private void remember(LanguageModel model, EditState state) {
        List<NDArray> keys = new ArrayList<>();
        for (int layer : h.layers()) {
            NDArray k = state.tensors().get(keyName(layer));
            if (k == null) {
                return;   // an edit saved before AlphaEdit kept its keys: later edits cannot see it
            }
            keys.add(k);
        }
        EarlierKeys.of(model).record(state.baseFingerprint(), model.weights().fingerprint(), keys);
    }

    private static String keyName(int layer) {
        return "keys." + layer;
    }
}
