package dev.amend.methods.alphaedit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.amend.api.Progress;
import dev.amend.api.model.LanguageModel;
import dev.amend.methods.locate.ClosedForm;
import dev.amend.methods.locate.Scopes;
import dev.amend.methods.locate.SecondMoments;
import dev.amend.methods.memit.Memit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * AlphaEdit (Fang et al., 2025): MEMIT whose update is projected into the null space of the preserved keys, so that
 * what the statistics' keys map to does not move, and which also keeps the keys of earlier edits
 * ({@code K₀K₀ᵀ}, summed over the edits in force) out of later updates' way, for long sequential editing.
 *
 * <p>The keys of earlier edits belong to the weights they produced: they are looked up by the model's weights
 * fingerprint, so an edit made after a revert does not see the reverted edits' keys.
 */
final class AlphaEdit extends Memit<AlphaEditHParams> {

    private static final int KEPT_STATES = 8;

    private static final NDManager HOLDER = NDManager.newBaseManager();

    /** Earlier edits' summed {@code K Kᵀ} per layer, by the fingerprint of the weights they produced. */
    private final Map<String, List<NDArray>> earlier = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, List<NDArray>> eldest) {
                    if (size() > KEPT_STATES) {
                        eldest.getValue().forEach(NDArray::close);
                        return true;
                    }
                    return false;
                }
            });

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
        earlierKeys = earlier.get(model.weights().fingerprint());
    }

    @Override
    protected NDArray keyDirections(NDManager manager, int index, NDArray keys, NDArray statistics) {
        return ClosedForm.alphaEditKeyDirections(manager, keys, projectors.get(index),
                earlierKeys == null ? null : earlierKeys.get(index), h.l2());
    }

    @Override
    protected void applied(NDManager manager, LanguageModel model, IntFunction<NDArray> keysAt) {
        List<NDArray> sums = new ArrayList<>();
        for (int i = 0; i < h.layers().size(); i++) {
            NDArray k = keysAt.apply(h.layers().get(i));
            NDArray previous = earlierKeys == null ? null : earlierKeys.get(i);
            sums.add(Scopes.keep(HOLDER, () -> {
                NDArray gram = k.toType(ai.djl.ndarray.types.DataType.FLOAT64, true);
                gram = gram.matMul(gram.transpose());
                return previous == null ? gram : gram.add(previous);
            }));
        }
        List<NDArray> replaced = earlier.put(model.weights().fingerprint(), sums);   // the same edit made again
        if (replaced != null) {
            replaced.forEach(NDArray::close);
        }
    }
}
