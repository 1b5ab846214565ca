package dev.amend.methods.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.amend.api.edit.WeightDelta;
import dev.amend.api.model.HookPoint;
import dev.amend.api.model.HookSite;
import dev.amend.api.model.Hooks;
import dev.amend.methods.optim.Adam;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One module's adapter, in peft's shapes: LoRA's {@code A: r × in} and {@code B: out × r} (the module's map changes
 * by {@code scale · B A}), or AdaLoRA's SVD form with {@code E: r × 1} ({@code scale · B (A ⊙ E)}, peft's
 * {@code SVDLinear}), each trained by its own Adam (peft's optimiser sees them as separate parameters).
 *
 * <p>When the adapter continues the one that made the current weights ({@code fresh_adapter: false}), that adapter's
 * change is already in the weights: {@code previous} holds it as factors ({@code u = scale · B₀}, {@code v = M₀ᵀ}),
 * subtracted wherever the new adapter is added, so that the model trained is the base model plus the new adapter.
 */
final class Adapter {

    private final Targets.Module module;
    private final LoraHParams h;
    private final Adam a;
    private final Adam b;
    private final Adam e;
    private final NDArray previousU;
    private final NDArray previousV;
    private final long[] rowStarts;

    /**
     * @param state    receives the values and Adam's moments (lives as long as the training)
     * @param initial  the starting {@code A}, {@code B} and (AdaLoRA) {@code E}, copied
     * @param previous when continuing, the values whose change is already in the weights ({@code A, B, E}); or null
     */
    Adapter(NDManager state, Targets.Module module, LoraHParams h, Map<String, NDArray> initial,
            Map<String, NDArray> previous) {
        this.module = module;
        this.h = h;
        this.a = adam(state, initial.get("A"));
        this.b = adam(state, initial.get("B"));
        this.e = h.adaptive() ? adam(state, initial.get("E")) : null;
        if (previous == null) {
            previousU = null;
            previousV = null;
        } else {
            NDArray m = h.adaptive() ? previous.get("A").mul(previous.get("E")) : previous.get("A").duplicate();
            previousU = previous.get("B").mul((float) h.scale());
            previousV = m.transpose();
            previousU.attach(state);
            previousV.attach(state);
            m.close();
        }
        rowStarts = new long[module.sites().size() + 1];
        for (int i = 0; i < module.sites().size(); i++) {
            rowStarts[i + 1] = rowStarts[i] + module.outs().get(i);
        }
    }

    private Adam adam(NDManager state, NDArray initial) {
        NDArray value = initial.duplicate();
        value.attach(state);
        return new Adam(state, value, h.lr(), 0.9, 0.999, h.weightDecay(), false);
    }

    Targets.Module module() {
        return module;
    }

    /** The values of one forward pass: trainable copies, or the current values themselves. */
    record Values(NDArray a, NDArray b, NDArray e) {}

    /**
     * {@return copies of the values that require gradients, attached to {@code scope}; {@code E} too when
     * {@code withE} (else its current value)}
     */
    Values trainable(NDManager scope, boolean withE) {
        return new Values(a.trainableCopy(scope), b.trainableCopy(scope),
                e == null ? null : withE ? e.trainableCopy(scope) : e.value());
    }

    /** {@return the current values (not to be changed)} */
    Values current() {
        return new Values(a.value(), b.value(), e == null ? null : e.value());
    }

    /** {@code M}: {@code A} for LoRA, {@code A ⊙ E} for AdaLoRA ({@code r × in}). */
    private NDArray m(Values v) {
        return v.e() == null ? v.a() : v.a().mul(v.e());
    }

    /**
     * {@return {@code hooks} plus this adapter on its MLP output projection: {@code scale · (dropout(k) Mᵀ) Bᵀ} added
     * to the MLP's output, {@code k} being the projection's input, minus the continued adapter's change}
     */
    Hooks hook(Hooks hooks, NDManager scope, Values v, UnaryOperator<NDArray> dropout) {
        int layer = module.layer();
        NDArray[] key = new NDArray[1];
        NDArray scale = scope.create((float) h.scale());
        return hooks.observe(HookSite.decoder(layer, HookPoint.MLP_KEY), k -> key[0] = k)
                .replace(HookSite.decoder(layer, HookPoint.MLP_OUT), (out, layout) -> {
                    NDArray added = dropout.apply(key[0]).matMul(m(v).transpose()).matMul(v.b().transpose())
                            .mul(scale);
                    if (previousU != null) {
                        added = added.sub(key[0].matMul(previousV).matMul(previousU.transpose()));
                    }
                    return out.add(added);
                });
    }

    /** {@return the change this adapter makes to each of its sites now, dense {@code out_i × in}, in {@code scope}} */
    List<NDArray> siteDeltas(NDManager scope) {
        Values v = current();
        NDArray m = m(v);
        List<NDArray> deltas = new ArrayList<>();
        for (int i = 0; i < module.sites().size(); i++) {
            NDIndex rows = new NDIndex(rowStarts[i] + ":" + rowStarts[i + 1]);
            NDArray delta = v.b().get(rows).matMul(m).mul((float) h.scale());
            if (previousU != null) {
                delta = delta.sub(previousU.get(rows).matMul(previousV.transpose()));
            }
            delta.attach(scope);
            deltas.add(delta);
        }
        return deltas;
    }

    /**
     * {@return the gradients of {@code A}, {@code B}, {@code E} (null for LoRA) given {@code g}, the loss's gradient
     * with respect to the module's map ({@code out × in}, its sites' rows stacked)}: with {@code Δ = s · B M},
     * {@code dB = s · g Mᵀ} and {@code dM = s · Bᵀ g}; AdaLoRA's {@code M = A ⊙ E} gives {@code dA = dM ⊙ E} and
     * {@code dE = Σ_columns dM ⊙ A}.
     */
    NDArray[] chainRule(NDArray g) {
        Values v = current();
        float s = (float) h.scale();
        NDArray dm = v.b().transpose().matMul(g).mul(s);
        NDArray db = g.matMul(m(v).transpose()).mul(s);
        if (e == null) {
            return new NDArray[] {dm, db, null};
        }
        return new NDArray[] {dm.mul(v.e()), db, dm.mul(v.a()).sum(new int[] {1}, true)};
    }

    /** {@return peft's orthogonality terms of this adapter, {@code ‖A Aᵀ − I‖_F + ‖Bᵀ B − I‖_F}} */
    static NDArray orthogonality(NDManager scope, Values v) {
        NDArray aat = v.a().matMul(v.a().transpose());
        NDArray btb = v.b().transpose().matMul(v.b());
        NDArray ia = scope.eye((int) aat.getShape().get(0));
        NDArray ib = scope.eye((int) btb.getShape().get(0));
        return aat.sub(ia).square().sum().sqrt().add(btb.sub(ib).square().sum().sqrt());
    }

    /** One Adam step of each matrix; {@code de} is ignored for LoRA. */
    void update(NDArray da, NDArray db, NDArray de) {
        a.update(da);
        b.update(db);
        if (e != null) {
            e.update(de);
        }
    }

    /**
     * {@return the trained change per site as low-rank factors ({@code u = scale · B_i}, {@code v = Mᵀ}), the continued
     * adapter's change taken out (rank 2r then), detached: the edit owns them}
     */
    List<WeightDelta> deltas() {
        List<WeightDelta> deltas = new ArrayList<>();
        Values v = current();
        for (int i = 0; i < module.sites().size(); i++) {
            NDIndex rows = new NDIndex(rowStarts[i] + ":" + rowStarts[i + 1]);
            NDArray u = v.b().get(rows).mul((float) h.scale());
            NDArray w = m(v).transpose();
            if (previousU != null) {
                u = NDArrays.concat(new NDList(u, previousU.get(rows).neg()), 1);
                w = NDArrays.concat(new NDList(w, previousV), 1);
            }
            u = u.duplicate();
            w = w.duplicate();
            u.detach();
            w.detach();
            deltas.add(new WeightDelta.LowRank(module.sites().get(i), u, w));
        }
        return deltas;
    }

    /** {@return copies of the trained values by name ({@code A}, {@code B}, {@code E}), attached to {@code manager}} */
    Map<String, NDArray> values(NDManager manager) {
        Map<String, NDArray> values = new LinkedHashMap<>();
        Values v = current();
        values.put("A", copy(v.a(), manager));
        values.put("B", copy(v.b(), manager));
        if (v.e() != null) {
            values.put("E", copy(v.e(), manager));
        }
        return values;
    }

    private static NDArray copy(NDArray value, NDManager manager) {
        NDArray copy = value.duplicate();
        copy.attach(manager);
        return copy;
    }

    /** The shape of each matrix of an adapter of rank {@code r} on a module {@code out × in}. */
    static Map<String, Shape> shapes(boolean adaptive, long out, long in, int r) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        shapes.put("A", new Shape(r, in));
        shapes.put("B", new Shape(out, r));
        if (adaptive) {
            shapes.put("E", new Shape(r, 1));
        }
        return shapes;
    }
}
