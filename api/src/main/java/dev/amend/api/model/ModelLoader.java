package dev.amend.api.model;

import java.io.IOException;
import java.nio.file.Path;

/** Loads any model directory with the adapter that serves its {@code model_type}; provided by the runtime. */
@FunctionalInterface
public interface ModelLoader {

    /**
     * {@return the model in {@code directory}, loaded by the adapter of its {@code model_type}}
     *
     * @param directory the model directory
     * @param options device and data type to load with
     * @throws dev.amend.api.InvalidInputException when no adapter serves the directory's model type, or a file is bad
     * @throws IOException when the directory cannot be read
     */
    LanguageModel load(Path directory, LoadOptions options) throws IOException;
}
