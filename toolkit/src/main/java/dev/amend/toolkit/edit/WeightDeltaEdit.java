package dev.amend.toolkit.edit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.amend.api.HParams;
import dev.amend.api.InvalidInputException;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditContext;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.EditState;
import dev.amend.api.edit.WeightDelta;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.WeightSite;
import dev.amend.api.model.Weights;
import dev.amend.toolkit.io.Hashing;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link AppliedEdit} of every weight-delta method, written once: it keeps the original matrices it changes and
 * restores them bit for bit on close, checks on close that no later edit changed the same matrices, and owns its
 * deltas.
 */
public final class WeightDeltaEdit extends AbstractAppliedEdit {

    private final LanguageModel model;
    private final EditState state;
    private final NDManager owned;
    private final Map<WeightSite, NDArray> originals;
    private final Map<WeightSite, byte[]> appliedDigests;

    private WeightDeltaEdit(LanguageModel model, EditState state, NDManager owned, Map<WeightSite, NDArray> originals,
                            Map<WeightSite, byte[]> appliedDigests) {
        this.model = model;
        this.state = state;
        this.owned = owned;
        this.originals = originals;
        this.appliedDigests = appliedDigests;
    }

    /**
     * {@return the edit that freshly computed deltas make, applied in order (it owns their arrays)}
     *
     * @param model the model to change
     * @param context the run's context (its seed is recorded for saving)
     * @param method the provider name of the method
     * @param hparams the method's hparams, recorded for saving
     * @param requests the requests edited, recorded for saving
     * @param deltas the weight changes to add
     */
    public static WeightDeltaEdit apply(LanguageModel model, EditContext context, String method, HParams hparams,
                                        List<EditRequest> requests, List<WeightDelta> deltas) {
        return apply(model, context, method, hparams, requests, deltas, Map.of());
    }

    /**
     * {@return the edit that freshly computed deltas make, applied in order, whose state also keeps {@code tensors}
     * (saved with the edit; the edit owns their arrays, as it owns the deltas')}
     *
     * @param model the model to change
     * @param context the run's context (its seed is recorded for saving)
     * @param method the provider name of the method
     * @param hparams the method's hparams, recorded for saving
     * @param requests the requests edited, recorded for saving
     * @param deltas the weight changes to add
     * @param tensors what else the method keeps of the edit, by name
     */
    public static WeightDeltaEdit apply(LanguageModel model, EditContext context, String method, HParams hparams,
                                        List<EditRequest> requests, List<WeightDelta> deltas,
                                        Map<String, NDArray> tensors) {
        EditState state = new EditState(method, hparams, requests, model.weights().fingerprint(), context.seed(),
                deltas, tensors, Map.of());
        return applyState(model, state);
    }

    /**
     * {@return re-applies a saved edit}
     *
     * @param model the model the edit was made on, as it was then
     * @param saved the saved edit
     * @throws InvalidInputException when the model is not the one the edit was made on
     */
    public static WeightDeltaEdit reapply(LanguageModel model, EditState saved) {
        saved.requireMadeOn(model);
        return applyState(model, saved);
    }

    private static WeightDeltaEdit applyState(LanguageModel model, EditState state) {
        Weights weights = model.weights();
        for (WeightDelta d : state.deltas()) {
            if (!weights.sites().contains(d.site())) {
                throw new InvalidInputException("the edit changes " + d.site() + ", which this model does not have");
            }
            if (!weights.shape(d.site()).equals(d.shape())) {
                throw new InvalidInputException("the edit's delta for " + d.site() + " has shape " + d.shape()
                        + " but the model's matrix is " + weights.shape(d.site()));
            }
        }
        NDManager owned = NDManager.newBaseManager(model.spec().device());
        Map<WeightSite, NDArray> originals = new LinkedHashMap<>();
        Map<WeightSite, byte[]> digests = new LinkedHashMap<>();
        try {
            for (WeightDelta d : state.deltas()) {
                originals.computeIfAbsent(d.site(), s -> weights.get(s, owned));
            }
            for (WeightDelta d : state.deltas()) {
                try (NDManager step = owned.newSubManager()) {
                    NDArray delta = d.materialize(step);
                    if (!isFinite(delta)) {
                        throw nonFinite(state, "its change of " + d.site() + " has NaN or infinite values");
                    }
                    weights.add(d.site(), delta);
                }
            }
            for (Map.Entry<WeightSite, NDArray> original : originals.entrySet()) {
                digests.put(original.getKey(), digestOfFinite(weights, original, state, owned));
            }
        } catch (RuntimeException e) {   // a refusal included: the weights go back as they were, bit for bit, and
            originals.forEach(weights::set);   // the deltas stay with the caller
            owned.close();
            throw e;
        }
        state.deltas().forEach(d -> attach(d, owned));   // applied: the edit owns what it is made of
        state.tensors().values().forEach(t -> t.attach(owned));
        return new WeightDeltaEdit(model, state, owned, originals, digests);
    }

    @Override
    public LanguageModel model() {
        return model;
    }

    @Override
    public EditState state() {
        return state;
    }

    /**
     * Takes over {@code next}, an edit applied on top of this one and still in force: closing this edit then restores
     * the weights from before both, bit for bit. Of {@code next}'s originals it keeps only those of matrices this edit
     * did not change, and frees the rest of its arrays, so that a long sequence holds one copy of each changed matrix
     * instead of one per edit (as EasyEdit's sequential editing keeps one copy of the weights). {@code next} ends
     * closed with its change in force; this edit's {@link #state()} stays its own, so save edits before they are
     * absorbed.
     *
     * @param next the edit applied on top of this one
     * @return false, changing nothing, when {@code next} is not a weight-delta edit of the same model (one made
     * through a runtime edit's view, say)
     * @throws IllegalStateException when either edit is closed or kept
     */
    @Override
    public synchronized boolean absorb(AppliedEdit next) {
        if (!(next instanceof WeightDeltaEdit later) || later.model != model) {
            return false;
        }
        synchronized (later) {
            requireBothInForce(later);
            later.originals.forEach((site, original) -> {
                if (!originals.containsKey(site)) {
                    original.attach(owned);
                    originals.put(site, original);
                }
            });
            appliedDigests.putAll(later.appliedDigests);
            endTakenOver(later);
            later.owned.close();
        }
        return true;
    }

    /**
     * Restores the original matrices.
     *
     * @throws IllegalStateException when a later edit still in force changed the same matrices (close it first)
     */
    @Override
    protected void revert() {
        Weights weights = model.weights();
        List<WeightSite> changed = new ArrayList<>();
        appliedDigests.forEach((site, expected) -> {
            if (!Arrays.equals(expected, digest(weights, site, owned))) {
                changed.add(site);
            }
        });
        if (!changed.isEmpty()) {
            throw new IllegalStateException("cannot revert this " + state.method() + " edit: " + changed
                    + " changed since it was applied; revert later edits first (reverse order)");
        }
        originals.forEach(weights::set);
    }

    /** Frees the originals and the deltas. */
    @Override
    protected void release(boolean wasKept) {
        owned.close();
    }

    private static boolean isFinite(NDArray array) {
        try (NDArray nan = array.isNaN(); NDArray inf = array.isInfinite(); NDArray either = nan.logicalOr(inf);
             NDArray any = either.any()) {
            return !any.getBoolean();
        }
    }

    private static InvalidInputException nonFinite(EditState state, String what) {
        return new InvalidInputException(state.method() + " edit refused, no weight changed: " + what
                + "; its hparams are the likely cause (a learning rate, step count or norm bound too large?)");
    }

    private static void attach(WeightDelta delta, NDManager manager) {
        if (delta instanceof WeightDelta.Dense d) {
            d.delta().attach(manager);
        } else if (delta instanceof WeightDelta.LowRank r) {
            r.u().attach(manager);
            r.v().attach(manager);
        }
    }

    /**
     * The SHA-256 of a changed weight's bytes, once it is checked that the change did not overflow a finite weight to
     * infinity (a method given a too large learning rate, or a tampered saved edit, must not leave such weights).
     */
    private static byte[] digestOfFinite(Weights weights, Map.Entry<WeightSite, NDArray> original, EditState state,
                                         NDManager manager) {
        try (NDManager scratch = manager.newSubManager()) {
            NDArray changed = weights.get(original.getKey(), scratch);
            if (!isFinite(changed) && isFinite(original.getValue())) {
                throw nonFinite(state, "its change of " + original.getKey()
                        + " is so large that the weights would overflow to infinity");
            }
            return sha256(changed);
        }
    }

    private static byte[] digest(Weights weights, WeightSite site, NDManager manager) {
        try (NDManager scratch = manager.newSubManager()) {
            return sha256(weights.get(site, scratch));
        }
    }

    private static byte[] sha256(NDArray array) {
        MessageDigest d = Hashing.sha256();
        d.update(array.toByteBuffer());
        return d.digest();
    }
}
