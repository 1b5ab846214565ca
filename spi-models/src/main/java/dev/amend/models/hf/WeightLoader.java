package dev.amend.models.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.amend.api.InvalidInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Loads the parameters a family expects from a checkpoint, checking names and shapes against {@code config.json}
 * ({@link #match}) before reading any data ({@link #load}).
 */
public final class WeightLoader {

    private WeightLoader() {}

    /**
     * Matches the checkpoint's tensors with what config.json implies, reading no data.
     *
     * @param expected canonical parameter name → shape implied by config.json, in load order
     * @param naming   stored tensor name → canonical name, or empty for tensors to skip (buffers, a tied head)
     * @return canonical name → stored name, in {@code expected}'s order
     * @throws InvalidInputException naming the file and tensor: missing, unexpected or mis-shaped tensors
     */
    public static Map<String, String> match(Path directory, Checkpoint checkpoint, Map<String, Shape> expected,
                                            Function<String, Optional<String>> naming) {
        Map<String, String> storedByCanonical = new LinkedHashMap<>();
        for (String stored : checkpoint.names()) {
            Optional<String> canonical = naming.apply(stored);
            if (canonical.isEmpty()) {
                continue;
            }
            if (!expected.containsKey(canonical.get())) {
                throw new InvalidInputException(checkpoint.fileOf(stored) + ": unexpected tensor " + stored
                        + " (not part of this model_type with this config.json; is the model_type right?)");
            }
            String previous = storedByCanonical.put(canonical.get(), stored);
            if (previous != null) {
                throw new InvalidInputException(directory + ": tensors " + previous + " and " + stored
                        + " are both " + canonical.get());
            }
        }
        for (Map.Entry<String, Shape> e : expected.entrySet()) {
            String stored = storedByCanonical.get(e.getKey());
            if (stored == null) {
                throw new InvalidInputException(directory + ": the checkpoint lacks tensor " + e.getKey()
                        + " (expected shape " + e.getValue() + " from config.json)");
            }
            if (!checkpoint.shape(stored).equals(e.getValue())) {
                throw new InvalidInputException(checkpoint.fileOf(stored) + ": tensor " + stored + " has shape "
                        + checkpoint.shape(stored) + ", but config.json implies " + e.getValue());
            }
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        expected.keySet().forEach(name -> ordered.put(name, storedByCanonical.get(name)));
        return ordered;
    }

    /**
     * Reads the tensors {@link #match} found.
     *
     * @return canonical name → array (float32), in {@code storedByCanonical}'s order
     */
    public static Map<String, NDArray> load(Checkpoint checkpoint, NDManager manager,
                                            Map<String, String> storedByCanonical) throws IOException {
        Map<String, NDArray> params = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : storedByCanonical.entrySet()) {
            params.put(e.getKey(), checkpoint.load(manager, e.getValue()));
        }
        return params;
    }
}
