package dev.amend.registry;

import ai.djl.ndarray.NDArray;
import dev.amend.api.InvalidInputException;
import dev.amend.toolkit.io.Hashing;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checks every saved edit's tensors pass, on saving and on loading: each tensor's SHA-256 (of its type, shape and
 * bytes) as the manifest records it, and finite values only, so that a tampered or corrupt file is refused with its
 * name before anything uses it.
 */
final class SavedTensors {

    private SavedTensors() {}

    /** {@return each tensor's digest, by name, in the map's order} */
    static Map<String, String> digests(Map<String, NDArray> tensors) {
        Map<String, String> digests = new LinkedHashMap<>();
        tensors.forEach((name, array) -> digests.put(name, digest(array)));
        return digests;
    }

    /**
     * Refuses tensors other than those {@code expected} names, or whose digest differs from the one saved.
     *
     * @param file     the tensors file, for the message
     * @param tensors  what the file holds
     * @param expected the digests the manifest recorded
     */
    static void requireDigests(Path file, Map<String, NDArray> tensors, Map<String, String> expected) {
        if (!tensors.keySet().equals(expected.keySet())) {
            throw new InvalidInputException(file + ": holds the tensors " + tensors.keySet() + ", but the edit was saved "
                    + "with " + expected.keySet() + "; nothing was loaded");
        }
        expected.forEach((name, saved) -> {
            String now = digest(tensors.get(name));
            if (!now.equals(saved)) {
                throw new InvalidInputException(file + ": tensor '" + name + "' has SHA-256 " + now
                        + ", but it was saved with " + saved + ": the file was changed after it was saved; nothing "
                        + "was loaded");
            }
        });
    }

    /**
     * Refuses NaN and infinite values in any floating-point tensor.
     *
     * @param what     the file or edit, for the message
     * @param tensors  the tensors to check, by name
     */
    static void requireFinite(Object what, Map<String, NDArray> tensors) {
        tensors.forEach((name, array) -> {
            if (array.getDataType().isFloating() && !isFinite(array)) {
                throw new InvalidInputException(what + ": tensor '" + name + "' holds NaN or infinite values; "
                        + "expected finite numbers only");
            }
        });
    }

    private static boolean isFinite(NDArray array) {
        try (NDArray nan = array.isNaN(); NDArray anyNan = nan.any(); NDArray infinite = array.isInfinite();
             NDArray anyInfinite = infinite.any()) {
            return !anyNan.getBoolean() && !anyInfinite.getBoolean();
        }
    }

    private static String digest(NDArray array) {
        MessageDigest d = Hashing.sha256();
        d.update((array.getDataType() + " " + array.getShape() + "\n").getBytes(StandardCharsets.UTF_8));
        ByteBuffer bytes = array.toByteBuffer();
        d.update(bytes);
        return HexFormat.of().formatHex(d.digest());
    }
}
