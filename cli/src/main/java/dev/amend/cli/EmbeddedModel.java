package dev.amend.cli;

import dev.amend.api.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the embedded toy model and its exported data are, for the commands that use them by default. */
final class EmbeddedModel {

    private EmbeddedModel() {}

    /** The checkout the launcher runs from ({@code amend.home}), or the working directory. */
    static Path home() {
        return Path.of(System.getProperty("amend.home", "."));
    }

    /**
     * {@code given}, or {@code models/toy} of the checkout, checked to hold a model and its ZsRE export.
     *
     * @throws InvalidInputException naming what is missing and how to regenerate it
     */
    static Path directory(Path given) {
        Path dir = given != null ? given : home().resolve("models/toy");
        if (!Files.isRegularFile(dir.resolve("config.json")) || !Files.isRegularFile(evalData(dir))) {
            throw new InvalidInputException(dir + " holds no toy model with its data (config.json, "
                    + "data/zsre_mend_eval.json): run `./amend pretrain-toy` to regenerate it");
        }
        return dir;
    }

    /** The ZsRE export of held-out subjects' edits. */
    static Path evalData(Path dir) {
        return dir.resolve("data/zsre_mend_eval.json");
    }

    /** The training corpus (one sentence per line), the source of second-moment statistics. */
    static Path corpus(Path dir) {
        return dir.resolve("data/corpus.txt");
    }
}
