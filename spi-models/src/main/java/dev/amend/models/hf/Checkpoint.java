package dev.amend.models.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amend.api.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The weights of a model directory: {@code model.safetensors}, or the shards listed by
 * {@code model.safetensors.index.json}. Tensors are read one at a time, on demand.
 */
public final class Checkpoint implements AutoCloseable {

    /** The single-file checkpoint. */
    public static final String SINGLE = "model.safetensors";
    /** The index of a sharded checkpoint. */
    public static final String INDEX = "model.safetensors.index.json";

    private final List<SafetensorsFile> files;
    private final Map<String, SafetensorsFile> byTensor;

    private Checkpoint(List<SafetensorsFile> files, Map<String, SafetensorsFile> byTensor) {
        this.files = files;
        this.byTensor = byTensor;
    }

    /**
     * Opens the checkpoint of {@code directory} and checks every file's header.
     *
     * @throws InvalidInputException when no checkpoint is there, a shard is missing or a file is malformed
     */
    public static Checkpoint open(Path directory) throws IOException {
        Path index = directory.resolve(INDEX);
        Path single = directory.resolve(SINGLE);
        List<SafetensorsFile> files = new ArrayList<>();
        Map<String, SafetensorsFile> byTensor = new LinkedHashMap<>();
        try {
            if (Files.isRegularFile(index)) {
                Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
                for (Map.Entry<String, String> mapping : weightMap(index).entrySet()) {
                    SafetensorsFile shard = shards.get(mapping.getValue());
                    if (shard == null) {
                        Path path = directory.resolve(mapping.getValue());
                        if (!Files.isRegularFile(path)) {
                            throw new InvalidInputException(index + " lists shard " + mapping.getValue()
                                    + ", which is missing from " + directory);
                        }
                        shard = SafetensorsFile.open(path);
                        shards.put(mapping.getValue(), shard);
                        files.add(shard);
                    }
                    if (!shard.entries().containsKey(mapping.getKey())) {
                        throw new InvalidInputException(index + " maps tensor " + mapping.getKey() + " to "
                                + shard.file() + ", which does not hold it");
                    }
                    byTensor.put(mapping.getKey(), shard);
                }
            } else if (Files.isRegularFile(single)) {
                SafetensorsFile file = SafetensorsFile.open(single);
                files.add(file);
                file.entries().keySet().forEach(name -> byTensor.put(name, file));
            } else {
                boolean pickle = Files.isRegularFile(directory.resolve("pytorch_model.bin"));
                throw new InvalidInputException(directory + " has no " + SINGLE + " or " + INDEX
                        + (pickle ? " (pytorch_model.bin is there: Amend reads safetensors only; convert it with "
                        + "transformers' save_pretrained(safe_serialization=True))" : ""));
            }
        } catch (IOException | RuntimeException e) {
            for (SafetensorsFile f : files) {
                f.close();
            }
            throw e;
        }
        return new Checkpoint(files, byTensor);
    }

    private static Map<String, String> weightMap(Path index) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(index.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidInputException(index + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject() || map.isEmpty()) {
            throw new InvalidInputException(index + ": missing the object 'weight_map'");
        }
        Map<String, String> result = new LinkedHashMap<>();
        map.properties().forEach(e -> result.put(e.getKey(), e.getValue().asText()));
        return result;
    }

    /** Every tensor name. */
    public Set<String> names() {
        return byTensor.keySet();
    }

    public boolean has(String name) {
        return byTensor.containsKey(name);
    }

    /** The stored shape. */
    public Shape shape(String name) {
        return entry(name).shape();
    }

    /** The file holding a tensor, for messages. */
    public Path fileOf(String name) {
        return file(name).file();
    }

    /** Reads a tensor (float types as F32). */
    public NDArray load(NDManager manager, String name) throws IOException {
        return file(name).load(manager, name);
    }

    private SafetensorsFile.Entry entry(String name) {
        return file(name).entries().get(name);
    }

    private SafetensorsFile file(String name) {
        SafetensorsFile f = byTensor.get(name);
        if (f == null) {
            throw new InvalidInputException("the checkpoint has no tensor " + name);
        }
        return f;
    }

    /** The dtype the tensors are stored in (the most common one), for the model spec. */
    public String storedDtype() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        byTensor.forEach((name, f) -> counts.merge(f.entries().get(name).dtype(), 1, Integer::sum));
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("F32");
    }

    @Override
    public void close() throws IOException {
        for (SafetensorsFile f : files) {
            f.close();
        }
    }
}
