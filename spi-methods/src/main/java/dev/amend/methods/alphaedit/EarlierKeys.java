package dev.amend.methods.alphaedit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.amend.api.model.LanguageModel;
import dev.amend.methods.locate.Scopes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AlphaEdit's memory of earlier edits for one model, kept in the model's cache: per edited layer, the sum
 * {@code Σ K Kᵀ} (float64) of the keys of the edits in force, by the fingerprint of the weights those edits produced,
 * so that an edit made after a revert does not see the reverted edits' keys. The sums are rebuilt from each edit's
 * own keys, which its saved state carries, so a saved and re-applied sequence continues as the unsaved one.
 */
final class EarlierKeys implements AutoCloseable {

    /** How many weight states' sums are kept (a sequence needs only the last one). */
    private static final int KEPT_STATES = 8;

    private final NDManager manager;
    private final Map<String, List<NDArray>> byFingerprint = new LinkedHashMap<>(16, 0.75f, true);

    private EarlierKeys(NDManager manager) {
        this.manager = manager;
    }

    /** {@return the memory of {@code model}'s cache, made on first use} */
    static EarlierKeys of(LanguageModel model) {
        return model.cache().get("alphaedit.earlier-keys", EarlierKeys.class,
                () -> new EarlierKeys(NDManager.newBaseManager(model.spec().device())));
    }

    /** {@return the sums of the edits that produced weights with {@code fingerprint} (one per layer), or null} */
    synchronized List<NDArray> sums(String fingerprint) {
        return byFingerprint.get(fingerprint);
    }

    /**
     * Records an edit that turned weights {@code base} into {@code edited}: its keys' {@code K Kᵀ} added to the sums of
     * {@code base}, per layer.
     *
     * @param keys the edit's keys per layer ({@code [mlp, n]}, float64), in the order of the edited layers
     */
    synchronized void record(String base, String edited, List<NDArray> keys) {
        List<NDArray> previous = byFingerprint.get(base);
        List<NDArray> sums = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            NDArray k = keys.get(i);
            NDArray before = previous == null ? null : previous.get(i);
            sums.add(Scopes.keep(manager, () -> {
                NDArray gram = k.toType(DataType.FLOAT64, true);
                gram = gram.matMul(gram.transpose());
                return before == null ? gram : gram.add(before);
            }));
        }
        List<NDArray> replaced = byFingerprint.put(edited, sums);   // the same edit made again
        if (replaced != null) {
            replaced.forEach(NDArray::close);
        }
        while (byFingerprint.size() > KEPT_STATES) {
            String eldest = byFingerprint.keySet().iterator().next();
            byFingerprint.remove(eldest).forEach(NDArray::close);
        }
    }

    @Override
    public synchronized void close() {
        byFingerprint.clear();
        manager.close();
    }
}
