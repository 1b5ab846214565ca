package dev.amend.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model DIR} of the commands that run on the embedded toy model unless told otherwise. */
public final class EmbeddedModelOption {

    @Option(names = "--model", paramLabel = "DIR", description = "Default: models/toy of this checkout.")
    Path model;

    /**
     * {@return the model directory given, or the checkout's {@code models/toy}, checked to hold a model and its ZsRE
     * export}
     *
     * @throws dev.amend.api.InvalidInputException naming what is missing and how to regenerate it
     */
    public Path directory() {
        return EmbeddedModel.directory(model);
    }
}
