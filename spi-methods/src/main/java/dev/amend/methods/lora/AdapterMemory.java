package dev.amend.methods.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.amend.api.model.LanguageModel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The adapters of the LoRA edits that produced a model's current weights, kept in the model's cache by the weights'
 * fingerprint: what a later edit continues to train when {@code fresh_adapter} is false, as EasyEdit's sequential
 * editing keeps training the adapter it injected in the first edit ({@code execute_lora} reuses a model that has a
 * {@code peft_config}). An edit made after a revert, or after another method's edit, finds nothing and starts fresh.
 * Each edit's state carries its adapter, so a saved and re-applied sequence continues as the unsaved one.
 */
final class AdapterMemory implements AutoCloseable {

    /** The prefix of an adapter's tensors in an edit's state: {@code adapter.<module>.<A|B|E>}. */
    static final String PREFIX = "adapter.";

    /** How many weight states' adapters are kept (a sequence needs only the last one). */
    private static final int KEPT_STATES = 4;

    /** The adapters of one weight state and what they fit: type, rank and modules ({@link #signature}). */
    private record Entry(String signature, Map<String, Map<String, NDArray>> adapters) {}

    private final NDManager manager;
    private final Map<String, Entry> byFingerprint = new LinkedHashMap<>(16, 0.75f, true);

    private AdapterMemory(NDManager manager) {
        this.manager = manager;
    }

    /** {@return the memory of {@code model}'s cache, made on first use} */
    static AdapterMemory of(LanguageModel model) {
        return model.cache().get("lora.adapters", AdapterMemory.class,
                () -> new AdapterMemory(NDManager.newBaseManager(model.spec().device())));
    }

    /** {@return what identifies adapters that can be continued: lora_type, rank, scale, and the adapted modules} */
    static String signature(LoraHParams h, Iterable<String> modules) {
        return h.loraType() + "|" + h.adapterRank() + "|" + h.scale() + "|" + String.join(",", modules);
    }

    /**
     * {@return the adapters (module → A, B, E) that produced weights with {@code fingerprint} (computed only when
     * some adapters are kept), when they have {@code signature}; or null}
     */
    synchronized Map<String, Map<String, NDArray>> find(Supplier<String> fingerprint, String signature) {
        if (byFingerprint.isEmpty()) {
            return null;   // no LoRA edit on this model yet: spare hashing its weights
        }
        Entry entry = byFingerprint.get(fingerprint.get());
        return entry != null && entry.signature().equals(signature) ? entry.adapters() : null;
    }

    /**
     * Records the adapters ({@code adapter.<module>.<A|B|E>}, as an edit's state keeps them) that produced weights
     * with {@code fingerprint}; the arrays are copied.
     */
    synchronized void record(String fingerprint, String signature, Map<String, NDArray> tensors) {
        Map<String, Map<String, NDArray>> adapters = new LinkedHashMap<>();
        tensors.forEach((name, value) -> {
            if (name.startsWith(PREFIX)) {
                int dot = name.lastIndexOf('.');
                NDArray copy = value.duplicate();
                copy.attach(manager);
                adapters.computeIfAbsent(name.substring(PREFIX.length(), dot), m -> new LinkedHashMap<>())
                        .put(name.substring(dot + 1), copy);
            }
        });
        if (adapters.isEmpty()) {
            return;   // an edit saved before LoRA kept its adapter: later edits cannot continue it
        }
        Entry replaced = byFingerprint.put(fingerprint, new Entry(signature, adapters));
        if (replaced != null) {
            close(replaced);
        }
        while (byFingerprint.size() > KEPT_STATES) {
            String eldest = byFingerprint.keySet().iterator().next();
            close(byFingerprint.remove(eldest));
        }
    }

    private static void close(Entry entry) {
        entry.adapters().values().forEach(m -> m.values().forEach(NDArray::close));
    }

    @Override
    public synchronized void close() {
        byFingerprint.clear();
        manager.close();
    }
}
