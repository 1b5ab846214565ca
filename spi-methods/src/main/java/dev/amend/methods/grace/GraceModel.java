package dev.amend.methods.grace;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.model.BatchLayout;
import dev.amend.api.model.HookSite;
import dev.amend.api.model.Hooks;
import dev.amend.api.model.LanguageModel;
import dev.amend.toolkit.model.HookedModel;
import java.util.List;
import java.util.Map;

/**
 * A model seen through a GRACE codebook at one layer: at a query position whose MLP output-projection input lies
 * within the nearest key's deferral radius (Euclidean), the projection's output is replaced by that key's value.
 * Which positions are queries is {@code key_positions}: by default EasyEdit's (GRACE.generate then
 * GRACEAdapter.forward: the position remembered from a call's first pass, each row's last token, and nothing new in
 * the steps of cached generation, whose cache keeps what the first pass replaced; EasyEdit's generation without a
 * cache replaces the same position again at every step, to the same effect), or every position of every pass
 * (Amend), so that batches, teacher-forced probes and cached generation all see the same codebook.
 */
final class GraceModel extends HookedModel {

    private final GraceSite site;
    private final Codebook codebook;
    private final List<EditRequest> requests;
    private final Map<String, NDArray> tensors;

    private GraceModel(LanguageModel base, GraceSite site, Codebook codebook, List<EditRequest> requests,
                       Map<String, NDArray> tensors, Lookup lookup) {
        super(base, lookup::hooks);
        this.site = site;
        this.codebook = codebook;
        this.requests = List.copyOf(requests);
        this.tensors = tensors;
    }

    /**
     * The view of {@code base} through {@code codebook}; its arrays (the saved tensors, and the lookup made from them)
     * live in {@code memory}.
     *
     * @param requests every request the codebook holds, in order
     */
    static GraceModel of(LanguageModel base, GraceSite site, Codebook codebook, List<EditRequest> requests,
                         NDManager memory, boolean everyPosition) {
        Map<String, NDArray> tensors = codebook.tensors(memory);
        return new GraceModel(base, site, codebook, requests, tensors, new Lookup(site, tensors, everyPosition));
    }

    /** The codebook's tensors, as an edit saves them ({@link Codebook#tensors}). */
    Map<String, NDArray> tensors() {
        return tensors;
    }

    GraceSite site() {
        return site;
    }

    Codebook codebook() {
        return codebook;
    }

    List<EditRequest> requests() {
        return requests;
    }

    /** The codebook as arrays: keys in float64 (distances of a query to its own key must come out 0, not noise). */
    private static final class Lookup {
        private final HookSite keySite;
        private final HookSite outSite;
        private final NDArray keysTransposed;   // [Dk, N] float64
        private final NDArray keyNorms;         // [1, N] float64: |k|²
        private final NDArray squaredRadii;     // [N, 1] float64
        private final NDArray values;           // [N, Dv] float32: what each entry puts at the out site
        private final boolean everyPosition;

        /** From the codebook's tensors (none: an empty codebook, which changes nothing). */
        Lookup(GraceSite site, Map<String, NDArray> tensors, boolean everyPosition) {
            this.everyPosition = everyPosition;
            this.keySite = site.keySite();
            this.outSite = site.outSite();
            if (tensors.isEmpty()) {
                keysTransposed = keyNorms = squaredRadii = values = null;
                return;
            }
            NDArray keys = tensors.get("keys").toType(DataType.FLOAT64, false);
            keysTransposed = keys.transpose();
            keyNorms = keys.square().sum(new int[] {1}).reshape(1, -1);
            squaredRadii = tensors.get("radii").square().reshape(-1, 1);
            values = site.shown(tensors.get("values"));   // at an up projection: made once per view
        }

        Hooks hooks() {
            if (values == null) {
                return Hooks.none();
            }
            NDArray[] input = new NDArray[1];
            boolean[] firstPass = {true};     // the hooks are made afresh for each call: this is per call
            return Hooks.none()
                    .observe(keySite, k -> input[0] = k)
                    .replace(outSite, (out, layout) -> {
                        if (everyPosition) {
                            return replace(input[0], out);
                        }
                        if (!firstPass[0]) {
                            return out;
                        }
                        firstPass[0] = false;
                        return atLastTokens(replace(input[0], out), out, layout);
                    });
        }

        /** {@code replaced} at each row's last token, {@code out} elsewhere. */
        private static NDArray atLastTokens(NDArray replaced, NDArray out, BatchLayout layout) {
            int t = layout.paddedLength();
            float[] at = new float[layout.rows() * t];
            for (int r = 0; r < layout.rows(); r++) {
                at[r * t + layout.index(r, -1)] = 1;
            }
            NDArray mask = out.getManager().create(at, new Shape(layout.rows(), t, 1));
            return out.mul(mask.neg().add(1)).add(replaced.mul(mask));
        }

        /**
         * Every position's output, with the nearest key's value where the input lies within that key's radius. Every
         * array made here comes from the call's arrays, so it lives in the call's manager, not the codebook's.
         */
        private NDArray replace(NDArray input, NDArray out) {
            long dk = input.getShape().get(input.getShape().dimension() - 1);
            long dv = out.getShape().get(out.getShape().dimension() - 1);
            NDArray queries = input.reshape(-1, dk).toType(DataType.FLOAT64, false);
            NDArray squared = queries.square().sum(new int[] {1}, true).add(keyNorms)
                    .sub(queries.matMul(keysTransposed).mul(2));                              // [P, N]
            NDArray nearest = squared.argMin(1).oneHot((int) keyNorms.getShape().get(1), DataType.FLOAT64); // [P, N]
            NDArray within = squared.min(new int[] {1})
                    .lte(nearest.matMul(squaredRadii).reshape(-1))
                    .toType(DataType.FLOAT32, false).reshape(-1, 1);                          // [P, 1]
            NDArray chosen = nearest.toType(DataType.FLOAT32, false).matMul(values);          // [P, Dv]
            NDArray flat = out.reshape(-1, dv);
            return flat.mul(within.neg().add(1)).add(chosen.mul(within)).reshape(out.getShape());   // exact either way
        }
    }
}
