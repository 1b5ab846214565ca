package dev.amend.api.model;

import java.io.IOException;
import java.nio.file.Path;

/** Loads any model directory with the adapter that serves its {@code model_type}; provided by the runtime. */
@FunctionalInterface
public interface ModelLoader {

    /**
     * @throws dev.amend.api.InvalidInputException when no adapter serves the directory's model type, or a file is bad
     */
    LanguageModel load(Path directory, LoadOptions options) throws IOException;
}
