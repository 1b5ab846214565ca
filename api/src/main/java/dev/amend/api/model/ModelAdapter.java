package dev.amend.api.model;

import java.io.IOException;
import java.nio.file.Path;

/** Loads one architecture family from HuggingFace model directories. */
public interface ModelAdapter {

    /**
     * {@return the model in {@code directory} ({@code config.json}, safetensors weights, {@code tokenizer.json}),
     * loaded}
     *
     * @param directory a model directory of the adapter's family
     * @param options device and data type to load with
     * @throws dev.amend.api.InvalidInputException when a file is missing or malformed; the message names it
     * @throws IOException when reading fails
     */
    LanguageModel load(Path directory, LoadOptions options) throws IOException;
}
