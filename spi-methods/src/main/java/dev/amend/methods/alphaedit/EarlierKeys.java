package dev.amend.methods.alphaedit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.amend.api.model.LanguageModel;
import dev.amend.methods.locate.Scopes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * AlphaEdit's memory of earlier edits' keys for one loaded model (kept in the model's cache): per edited layer, what
 * {@code K₀K₀ᵀ} is made of, as {@code earlier_keys} says.
 *
 * <ul>
 *   <li>{@value #ALL_CALLS} (EasyEdit's {@code cache_c} in {@code AlphaEdit_main.py}): one running memory that every
 *       call adds its keys to, whatever happens to the weights afterwards. EasyEdit's editor restores the weights
 *       after each call of a non-sequential run, and never {@code cache_c}, so later calls still avoid the keys of
 *       reverted edits; here too, closing an edit leaves the memory as it is.</li>
 *   <li>{@value #IN_FORCE} (Amend's option): one memory per weights fingerprint, the keys of the edits in force on
 *       those weights, so that an edit made after a revert, or on the original weights in a non-sequential run, does
 *       not see the reverted edits' keys.</li>
 * </ul>
 *
 * <p>Per layer, a memory is {@code K₀} itself ({@code [mlp, N]}) while it has fewer columns than rows, else the sum
 * {@code K₀K₀ᵀ} ({@code [mlp, mlp]}); both float64. Each edit's state keeps the memory it was made with and its own
 * keys, so that restoring it (in another process too) puts the memory back to what it was right after the edit.
 */
final class EarlierKeys implements AutoCloseable {

    /** {@code earlier_keys}: every call's keys, as EasyEdit (the default). */
    static final String ALL_CALLS = "all_calls";
    /** {@code earlier_keys}: the keys of the edits in force on the weights edited (Amend's option). */
    static final String IN_FORCE = "in_force";

    /** How many weight states' memories {@value #IN_FORCE} keeps (a sequence needs only the last one). */
    private static final int KEPT_STATES = 8;

    private final NDManager manager;
    private List<NDArray> running;
    private final Map<String, List<NDArray>> byFingerprint = new LinkedHashMap<>(16, 0.75f, true);

    private EarlierKeys(NDManager manager) {
        this.manager = manager;
    }

    /** {@return the memory of {@code model}'s cache, made on first use} */
    static EarlierKeys of(LanguageModel model) {
        return model.cache().get("alphaedit.earlier-keys", EarlierKeys.class,
                () -> new EarlierKeys(NDManager.newBaseManager(model.spec().device())));
    }

    /** Checks an {@code earlier_keys} value; null means {@value #ALL_CALLS}. */
    static String mode(String value) {
        if (value == null) {
            return ALL_CALLS;
        }
        if (!value.equals(ALL_CALLS) && !value.equals(IN_FORCE)) {
            throw new IllegalArgumentException("earlier_keys must be '" + ALL_CALLS + "' (EasyEdit's cache_c) or '"
                    + IN_FORCE + "', got '" + value + "'");
        }
        return value;
    }

    /**
     * {@return a copy, in {@code manager}, of the memory an edit of weights {@code fingerprint} starts from (one entry
     * per layer), or null when there is none}
     */
    synchronized List<NDArray> before(String mode, String fingerprint, NDManager manager) {
        List<NDArray> memory = mode.equals(ALL_CALLS) ? running : byFingerprint.get(fingerprint);
        if (memory == null) {
            return null;
        }
        List<NDArray> copy = new ArrayList<>();
        for (NDArray m : memory) {
            NDArray c = m.duplicate();
            c.attach(manager);
            copy.add(c);
        }
        return copy;
    }

    /**
     * Records what an edit that turned weights {@code base} into {@code edited} leaves: the memory it was made with
     * plus its own keys, per layer.
     *
     * @param earlier the memory the edit was made with (one per layer), or null for none
     * @param keys    the edit's keys per layer ({@code [mlp, n]}), in the order of the edited layers
     */
    synchronized void after(String mode, String base, String edited, List<NDArray> earlier, List<NDArray> keys) {
        List<NDArray> memory = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            NDArray before = earlier == null ? null : earlier.get(i);
            NDArray k = keys.get(i);
            memory.add(Scopes.keep(manager, () -> plus(before, k)));
        }
        if (mode.equals(ALL_CALLS)) {
            if (running != null) {
                running.forEach(NDArray::close);
            }
            running = memory;
            return;
        }
        List<NDArray> replaced = byFingerprint.put(edited, memory);   // the same edit made again
        if (replaced != null) {
            replaced.forEach(NDArray::close);
        }
        while (byFingerprint.size() > KEPT_STATES) {
            String eldest = byFingerprint.keySet().iterator().next();
            byFingerprint.remove(eldest).forEach(NDArray::close);
        }
    }

    /**
     * {@return a memory with {@code keys} ({@code [mlp, n]}) added: the columns side by side while fewer than the
     * rows, else the sum of outer products} Float64, in the arrays' manager.
     *
     * @param earlier a memory, or null for none
     */
    static NDArray plus(NDArray earlier, NDArray keys) {
        NDArray k = keys.toType(DataType.FLOAT64, true);
        long rows = k.getShape().get(0);
        if (earlier == null) {
            return k.getShape().get(1) < rows ? k : k.matMul(k.transpose());
        }
        NDArray e = earlier.toType(DataType.FLOAT64, true);
        if (isSum(e)) {
            return e.add(k.matMul(k.transpose()));
        }
        NDArray joined = NDArrays.concat(new NDList(e, k), 1);
        return joined.getShape().get(1) < rows ? joined : joined.matMul(joined.transpose());
    }

    /** {@return {@code K₀K₀ᵀ} of a memory ({@code [mlp, mlp]}, float64), or null for none} */
    static NDArray sum(NDArray memory) {
        if (memory == null) {
            return null;
        }
        NDArray m = memory.toType(DataType.FLOAT64, true);
        return isSum(m) ? m : m.matMul(m.transpose());
    }

    private static boolean isSum(NDArray memory) {
        Objects.requireNonNull(memory);
        return memory.getShape().get(0) == memory.getShape().get(1);
    }

    @Override
    public synchronized void close() {
        running = null;
        byFingerprint.clear();
        manager.close();
    }
}
