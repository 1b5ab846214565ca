package dev.amend.toolkit.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.amend.api.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named arrays in a safetensors file, through DJL's codec (float32 and the other types the CPU engine holds, files
 * under 2 GiB): edits' deltas, training checkpoints and archives, small models. Model weights of any size and dtype
 * are read by the model adapters instead.
 */
public final class Safetensors {

    private Safetensors() {}

    /**
     * Writes the arrays under their map names (as copies, so that the live arrays keep their own names).
     *
     * @param file the safetensors file
     * @param arrays tensors by name
     * @throws IOException when the file cannot be written
     */
    public static void write(Path file, Map<String, NDArray> arrays) throws IOException {
        try (NDManager scratch = NDManager.newBaseManager(); OutputStream out = Files.newOutputStream(file)) {
            NDList list = new NDList();
            arrays.forEach((name, array) -> {
                NDArray copy = array.duplicate();
                copy.attach(scratch);
                copy.setName(name);
                list.add(copy);
            });
            list.encode(out, NDList.Encoding.SAFETENSORS);
        }
    }

    /**
     * {@return every array of {@code file}, by name in the file's order, attached to {@code manager}}
     *
     * @param file the safetensors file
     * @param manager where the arrays live (the caller closes it)
     * @throws InvalidInputException naming the file when it is missing, truncated or not safetensors
     * @throws IOException when the file cannot be read
     */
    public static Map<String, NDArray> read(Path file, NDManager manager) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + " is missing");
        }
        NDList list;
        try (InputStream in = Files.newInputStream(file)) {
            list = NDList.decode(manager, in);
        } catch (RuntimeException | IOException e) {
            throw new InvalidInputException(file + ": not a readable safetensors file (truncated or corrupt?): "
                    + e.getMessage(), e);
        }
        Map<String, NDArray> byName = new LinkedHashMap<>();
        list.forEach(a -> byName.put(a.getName(), a));
        return byName;
    }
}
