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
 * AlphaEdit (Fang et al., 2025), as EasyEdit's {@code alphaedit/AlphaEdit_main.py}: MEMIT whose update is projected
 * into the null space of the preserved keys ({@code P} from the eigenvectors of the statistics C under
 * {@code nullspace_threshold}, {@code get_project}), so that what the statistics' keys map to does not move, and which
 * also keeps the keys of earlier edits ({@code K₀K₀ᵀ}, EasyEdit's {@code cache_c}) out of later updates' way:
 * {@code ΔWᵀ = (P (K Kᵀ + K₀K₀ᵀ) + L2·I)⁻¹ P K Rᵀ}, R MEMIT's residual spread over the layers left.
 *
 * <p>Which earlier keys count is {@code earlier_keys} ({@link EarlierKeys}): every call's, as EasyEdit, or those of the
 * edits in force. Each edit's state keeps its own keys ({@code keys.<layer>}) and the earlier ones it was made with
 * ({@code earlier.<layer>}, absent for none), so that a saved edit, restored in another process, leaves the memory as
 * making it did, and the edits that follow continue exactly as they would have.
 */
final class AlphaEdit extends Memit<AlphaEditHParams> {

    private static final String KEYS = "keys.";
    private static final String EARLIER = "earlier.";

    private List<NDArray> projectors;
    private List<NDArray> earlier;

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
        earlier = EarlierKeys.of(model).before(mode(), model.weights().fingerprint(), manager);
    }

    @Override
    protected NDArray keyDirections(NDManager manager, int index, NDArray keys, NDArray statistics) {
        try (NDManager scratch = manager.newSubManager()) {
            NDArray sum = earlier == null ? null : EarlierKeys.sum(earlier.get(index));
            if (sum != null) {
                sum.attach(scratch);
            }
            return ClosedForm.alphaEditKeyDirections(manager, keys, projectors.get(index), sum, h.l2());
        }
    }

    /**
     * The requests' keys at every edited layer, under the edited weights, in float64 (what later edits avoid), and the
     * earlier keys this edit was made with.
     */
    @Override
    protected Map<String, NDArray> editedState(NDManager manager, IntFunction<NDArray> keysAt) {
        Map<String, NDArray> state = new LinkedHashMap<>();
        for (int i = 0; i < h.layers().size(); i++) {
            int layer = h.layers().get(i);
            NDArray k = keysAt.apply(layer);
            state.put(KEYS + layer, Scopes.keep(manager, () -> k.toType(DataType.FLOAT64, true)));
            if (earlier != null) {
                NDArray e = earlier.get(i);
                state.put(EARLIER + layer, Scopes.keep(manager, e::duplicate));
            }
        }
        return state;
    }

    @Override
    protected void applied(LanguageModel model, EditState state) {
        remember(model, state, earlier);
        earlier = null;
        projectors = null;
    }

    /**
     * Re-applies the deltas and puts the memory of earlier keys back to what making the edit left. First, on the
     * weights the edit was made on, it loads what applying the edit left in the model's cache (the context templates of
     * the edit's seed, the statistics and their null-space projectors), so that later edits see exactly what they would
     * have seen had the edit never been saved.
     */
    @Override
    public AppliedEdit restore(LanguageModel model, EditState saved, EditContext context) {
        saved.requireMadeOn(model);
        ContextTemplates.of(model, h, saved.seed());
        try (NDManager scratch = NDManager.newBaseManager(model.spec().device())) {
            for (int layer : h.layers()) {
                SecondMoments.nullSpaceProjector(scratch, model, layer, h, h.nullspaceThreshold(), context.progress());
            }
            List<NDArray> madeWith = savedEarlier(saved);
            if (madeWith == null && mode().equals(EarlierKeys.IN_FORCE)) {
                // saved before edits kept their earlier keys: those of the edits in force now, as then
                madeWith = EarlierKeys.of(model).before(mode(), saved.baseFingerprint(), scratch);
            }
            AppliedEdit edit = super.restore(model, saved, context);
            remember(model, saved, madeWith);
            return edit;
        }
    }

    private String mode() {
        return EarlierKeys.mode(h.earlierKeys());
    }

    private void remember(LanguageModel model, EditState state, List<NDArray> madeWith) {
        List<NDArray> keys = new ArrayList<>();
        for (int layer : h.layers()) {
            NDArray k = state.tensors().get(KEYS + layer);
            if (k == null) {
                return;   // an edit saved before AlphaEdit kept its keys: later edits cannot see it
            }
            keys.add(k);
        }
        EarlierKeys.of(model).after(mode(), state.baseFingerprint(), model.weights().fingerprint(), madeWith, keys);
    }

    /** {@return the earlier keys a saved edit was made with, per layer, or null when it kept none} */
    private List<NDArray> savedEarlier(EditState state) {
        List<NDArray> out = new ArrayList<>();
        for (int layer : h.layers()) {
            NDArray e = state.tensors().get(EARLIER + layer);
            if (e == null) {
                return null;
            }
            out.add(e);
        }
        return out;
    }
}
