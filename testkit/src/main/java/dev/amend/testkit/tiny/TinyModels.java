package dev.amend.testkit.tiny;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.amend.api.InvalidInputException;
import dev.amend.toolkit.io.Safetensors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Makes, saves and loads tiny models. */
public final class TinyModels {

    /** The weights file of a tiny model directory. */
    public static final String WEIGHTS = "model.safetensors";
    /** The config file of a tiny model directory. */
    public static final String CONFIG = "config.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TinyModels() {}

    /**
     * {@return {@link TinyConfig#standard()} with seeded random weights: the same seed gives bit-identical weights}
     *
     * @param seed the random seed
     */
    public static TinyLanguageModel random(long seed) {
        return random(TinyConfig.standard(), seed, Device.cpu());
    }

    /**
     * {@return seeded random weights (a plain {@link Random}, so identical on every machine)}
     *
     * @param config the model's sizes
     * @param seed the random seed
     * @param device where the weights live
     */
    public static TinyLanguageModel random(TinyConfig config, long seed, Device device) {
        Random random = new Random(seed);
        NDManager manager = NDManager.newBaseManager(device);
        Map<String, NDArray> params = new LinkedHashMap<>();
        TinyLanguageModel.expectedShapes(config).forEach((name, shape) -> {
            double std;
            double mean = 0;
            if (name.endsWith("norm1.weight") || name.endsWith("norm2.weight") || name.equals("norm_f.weight")) {
                mean = 1;
                std = 0.05;
            } else if (name.endsWith(".bias")) {
                std = 0.02;
            } else if (name.equals("embed.weight") || name.equals("pos.weight") || name.equals("head.weight")) {
                std = 0.5;
            } else {
                std = 1.0 / Math.sqrt(shape.get(0));
            }
            float[] values = new float[(int) shape.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (mean + std * random.nextGaussian());
            }
            params.put(name, manager.create(values, shape));
        });
        return new TinyLanguageModel(config, manager, params);
    }

    /**
     * {@return a model whose next-token prediction depends only on the current word, as the table says: after word
     * {@code w} it predicts {@code next.get(w)}, and {@code <eos>} after words not in the table} Identity embeddings,
     * zero positions, blocks that add nothing, and a head holding the table; predictions are therefore known by hand.
     *
     * @param next each word's successor
     */
    public static TinyLanguageModel bigram(Map<String, String> next) {
        TinyConfig base = TinyConfig.standard();
        int v = base.vocab().size();
        TinyConfig config = new TinyConfig(base.vocab(), v, 1, 1, 4, base.maxPositions(), false);
        TinyTokenizer tokenizer = new TinyTokenizer(config.vocab());
        NDManager manager = NDManager.newBaseManager();
        Map<String, NDArray> params = new LinkedHashMap<>();
        TinyLanguageModel.expectedShapes(config).forEach((name, shape) -> {
            float[] values = new float[(int) shape.size()];
            if (name.endsWith("norm1.weight") || name.endsWith("norm2.weight") || name.equals("norm_f.weight")) {
                java.util.Arrays.fill(values, 1f);
            } else if (name.equals("embed.weight")) {
                for (int i = 0; i < v; i++) {
                    values[i * v + i] = 1f;
                }
            } else if (name.equals("head.weight")) {
                for (int word = 0; word < v; word++) {
                    String successor = next.get(tokenizer.token(word));
                    int predicted = successor == null ? tokenizer.eosId().getAsInt() : tokenizer.id(successor);
                    values[predicted * v + word] = 1f;
                }
            }
            params.put(name, manager.create(values, shape));
        });
        return new TinyLanguageModel(config, manager, params);
    }

    /**
     * Writes {@code config.json} and {@code model.safetensors} into {@code directory} (created if needed).
     *
     * @param model the model to save
     * @param directory where to write it (created if absent)
     * @throws IOException when the directory cannot be written
     */
    public static void save(TinyLanguageModel model, Path directory) throws IOException {
        Files.createDirectories(directory);
        ObjectNode config = JSON.createObjectNode();
        config.put("model_type", TinyConfig.MODEL_TYPE);
        config.setAll((ObjectNode) JSON.valueToTree(model.config()));
        JSON.writeValue(directory.resolve(CONFIG).toFile(), config);
        Safetensors.write(directory.resolve(WEIGHTS), model.parameters());
    }

    /**
     * {@return the tiny model of a directory written by {@link #save}}
     *
     * @param directory a directory written by {@link #save}
     * @param device where the weights go
     * @throws InvalidInputException naming the file and what is wrong
     * @throws IOException when the directory cannot be read
     */
    public static TinyLanguageModel load(Path directory, Device device) throws IOException {
        Path configFile = directory.resolve(CONFIG);
        Path weightsFile = directory.resolve(WEIGHTS);
        for (Path required : new Path[] {configFile, weightsFile}) {
            if (!Files.isRegularFile(required)) {
                throw new InvalidInputException(required + " is missing: " + directory + " is not a tiny model directory");
            }
        }
        TinyConfig config;
        try {
            ObjectNode tree = (ObjectNode) JSON.readTree(configFile.toFile());
            tree.remove("model_type");
            config = JSON.treeToValue(tree, TinyConfig.class);
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException(configFile + ": not a tiny model config: " + e.getMessage(), e);
        }
        NDManager manager = NDManager.newBaseManager(device);
        try {
            Map<String, NDArray> params = readWeights(weightsFile, manager, config);
            return new TinyLanguageModel(config, manager, params);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static Map<String, NDArray> readWeights(Path file, NDManager manager, TinyConfig config) throws IOException {
        NDList list;
        try (InputStream in = Files.newInputStream(file)) {
            list = NDList.decode(manager, in);
        } catch (RuntimeException e) {
            throw new InvalidInputException(file + ": not a readable safetensors file (truncated or corrupt?): "
                    + e.getMessage(), e);
        }
        Map<String, NDArray> byName = new LinkedHashMap<>();
        list.forEach(a -> byName.put(a.getName(), a));
        Map<String, NDArray> params = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> expected : TinyLanguageModel.expectedShapes(config).entrySet()) {
            NDArray array = byName.remove(expected.getKey());
            if (array == null) {
                throw new InvalidInputException(file + ": missing tensor " + expected.getKey() + " (expected shape "
                        + expected.getValue() + ")");
            }
            if (!array.getShape().equals(expected.getValue())) {
                throw new InvalidInputException(file + ": tensor " + expected.getKey() + " has shape " + array.getShape()
                        + ", expected " + expected.getValue());
            }
            params.put(expected.getKey(), array);
        }
        if (!byName.isEmpty()) {
            throw new InvalidInputException(file + ": unexpected tensors " + byName.keySet());
        }
        return params;
    }
}
