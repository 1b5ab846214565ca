package dev.amend.methods.golden;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.registry.AmendRuntime;
import dev.amend.toolkit.io.Safetensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A method's golden fixture, written once by {@code tools/goldens/generate.py <method>} into
 * {@code src/test/resources/goldens/<method>/}: {@code golden.json} (inputs, ids, notes) and {@code golden.safetensors}
 * (the reference outputs of the independent Python transcription, float64), with the model checkpoints they ran on
 * ({@link #model}).
 *
 * @param method    the fixture's name (its directory)
 * @param directory where its files are
 * @param json      {@code golden.json}
 */
public record GoldenFixture(String method, Path directory, JsonNode json) {

    private static final AmendRuntime RUNTIME = AmendRuntime.create(null);

    /** The spi-models fixtures the goldens run on (the tests' working directory is the module's). */
    private static final Path MODEL_FIXTURES = Path.of("..", "spi-models", "src", "test", "resources", "fixtures");

    /**
     * {@return the golden fixture {@code goldens/<method>} on the test class path}
     *
     * @param method the fixture's directory name
     */
    public static GoldenFixture of(String method) {
        URL url = GoldenFixture.class.getResource("/goldens/" + method);
        if (url == null) {
            throw new IllegalStateException("no golden fixture goldens/" + method
                    + ": generate it with /usr/bin/python3 tools/goldens/generate.py " + method);
        }
        try {
            Path dir = Path.of(url.toURI());
            return new GoldenFixture(method, dir, new ObjectMapper().readTree(dir.resolve("golden.json").toFile()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@return the model-adapter fixture {@code name} ("gpt2", "llama", ...) loaded on the CPU through its real
     * adapter: the checkpoint the Python transcription ran on (tools/goldens/model.py)}
     *
     * @param name the fixture's directory under spi-models' test resources
     */
    public static LanguageModel model(String name) {
        Path dir = MODEL_FIXTURES.resolve(name);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(dir.toAbsolutePath() + " is missing: the goldens run in spi-methods' "
                    + "directory and read spi-models' fixtures");
        }
        try {
            return RUNTIME.models().load(dir, LoadOptions.cpu());
        } catch (IOException e) {
            throw new UncheckedIOException(dir + " does not load", e);
        }
    }

    /** {@return the directory of the model-adapter fixture {@code name}} */
    public static Path modelDirectory(String name) {
        return MODEL_FIXTURES.resolve(name).toAbsolutePath().normalize();
    }

    /** {@return the runtime the goldens load models and edits with} */
    public static AmendRuntime runtime() {
        return RUNTIME;
    }

    /** {@return a file of the fixture} */
    public Path file(String name) {
        return directory.resolve(name);
    }

    /**
     * {@return every tensor of {@code golden.safetensors}, by name, in {@code manager}}
     *
     * @param manager where the arrays live (the caller closes it)
     */
    public Map<String, NDArray> tensors(NDManager manager) {
        try {
            return Safetensors.read(file("golden.safetensors"), manager);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@return one tensor of {@code golden.safetensors} as float64 values, row-major}
     *
     * @param name the tensor's name
     */
    public double[] values(String name) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray array = tensors(manager).get(name);
            if (array == null) {
                throw new IllegalStateException(file("golden.safetensors") + " has no tensor " + name);
            }
            return array.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray();
        }
    }

    /** {@return {@code golden.json}'s integer array at {@code path} (a JSON pointer such as {@code /cases/0/ids})} */
    public int[] ints(String pointer) {
        JsonNode node = json.at(pointer);
        if (!node.isArray()) {
            throw new IllegalStateException(file("golden.json") + " has no array at " + pointer);
        }
        int[] ids = new int[node.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = node.get(i).asInt();
        }
        return ids;
    }
}
