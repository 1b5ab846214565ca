package dev.amend.models.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.amend.api.InvalidInputException;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The loading sequence every family shares: open the checkpoint, check its tensors against the family's expectations
 * (config.json was checked by the family's config record), load the tokenizer and check it fits the embedding, and
 * only then allocate and read the weights and build the model. On any failure everything
 * already allocated is freed: no half-built model survives.
 */
public final class ModelLoading {

    private ModelLoading() {}

    /** What a family builds from loaded parts. */
    @FunctionalInterface
    public interface Assembly<M extends LanguageModel> {
        M assemble(NDManager manager, Map<String, NDArray> params, HfTokenizer tokenizer, DataType storedType);
    }

    /**
     * @param vocabSize the embedding's rows (config.json); the tokenizer may not exceed it
     * @param expected  canonical parameter name → shape
     * @param naming    stored tensor name → canonical name, empty to skip
     */
    public static <M extends LanguageModel> M load(Path directory, LoadOptions options, HfConfig config, int vocabSize,
                                                   Map<String, Shape> expected,
                                                   Function<String, Optional<String>> naming, Assembly<M> assembly)
            throws IOException {
        try (Checkpoint checkpoint = Checkpoint.open(directory)) {
            HfTokenizer tokenizer = HfTokenizer.load(directory, config, vocabSize);
            NDManager manager = null;
            try {
                if (tokenizer.vocabSize() > vocabSize) {
                    throw new InvalidInputException(directory.resolve("tokenizer.json") + " has "
                            + tokenizer.vocabSize() + " tokens, more than the " + vocabSize
                            + " rows of the embedding (config.json vocab_size)");
                }
                Map<String, String> stored = WeightLoader.match(directory, checkpoint, expected, naming);
                manager = NDManager.newBaseManager(options.device());
                Map<String, NDArray> params = WeightLoader.load(checkpoint, manager, stored);
                return assembly.assemble(manager, params, tokenizer, dataType(checkpoint.storedDtype()));
            } catch (IOException | RuntimeException e) {
                tokenizer.close();
                if (manager != null) {
                    manager.close();
                }
                throw e;
            }
        }
    }

    private static DataType dataType(String safetensorsDtype) {
        return switch (safetensorsDtype) {
            case "BF16" -> DataType.BFLOAT16;
            case "F16" -> DataType.FLOAT16;
            case "F64" -> DataType.FLOAT64;
            default -> DataType.FLOAT32;
        };
    }
}
