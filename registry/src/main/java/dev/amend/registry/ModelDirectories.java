package dev.amend.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amend.api.InvalidInputException;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.api.model.ModelLoader;
import dev.amend.registry.hparams.HParamsCodec;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads a HuggingFace model directory with the adapter that serves its {@code config.json} {@code model_type}. */
public final class ModelDirectories implements ModelLoader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Providers providers;
    private final HParamsCodec codec;

    @Inject
    public ModelDirectories(Providers providers, HParamsCodec codec) {
        this.providers = providers;
        this.codec = codec;
    }

    @Override
    public LanguageModel load(Path directory, LoadOptions options) throws IOException {
        return codec.createWithDefaults(providers.adapterForModelType(modelType(directory))).load(directory, options);
    }

    /** {@code config.json}'s {@code model_type}. */
    public static String modelType(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new InvalidInputException("model directory " + directory + " does not exist");
        }
        Path config = directory.resolve("config.json");
        if (!Files.isRegularFile(config)) {
            throw new InvalidInputException(config + " is missing: expected a HuggingFace model directory");
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(config.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidInputException(config + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode type = tree == null ? null : tree.get("model_type");
        if (type == null || !type.isTextual() || type.asText().isBlank()) {
            throw new InvalidInputException(config + ": missing the string field 'model_type'");
        }
        return type.asText();
    }
}
