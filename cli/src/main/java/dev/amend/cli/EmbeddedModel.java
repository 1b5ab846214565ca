package dev.amend.cli;

import dev.amend.api.InvalidInputException;
import dev.amend.harness.HParamsChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Where the embedded toy model and its exported data are, for the commands that use them by default. */
public final class EmbeddedModel {

    private EmbeddedModel() {}

    /** The checkout the launcher runs from ({@code amend.home}), or the working directory. */
    public static Path home() {
        return Path.of(System.getProperty("amend.home", "."));
    }

    /**
     * {@code given}, or {@code models/toy} of the checkout, checked to hold a model and its ZsRE export.
     *
     * @throws InvalidInputException naming what is missing and how to regenerate it
     */
    public static Path directory(Path given) {
        Path dir = given != null ? given : home().resolve("models/toy");
        if (!Files.isRegularFile(dir.resolve("config.json")) || !Files.isRegularFile(evalData(dir))) {
            throw new InvalidInputException(dir + " holds no toy model with its data (config.json, "
                    + "data/zsre_mend_eval.json): run `./amend pretrain-toy` to regenerate it");
        }
        return dir;
    }

    /** The ZsRE export of held-out subjects' edits. */
    public static Path evalData(Path dir) {
        return dir.resolve("data/zsre_mend_eval.json");
    }

    /** The training corpus (one sentence per line), the source of second-moment statistics. */
    public static Path corpus(Path dir) {
        return dir.resolve("data/corpus.txt");
    }

    /**
     * Hparams overrides that take second-moment statistics from the model's corpus and cache them in the checkout,
     * wherever Amend is started from: for every method whose hparams have these keys.
     */
    public static Map<String, String> statsOverrides(Path dir) {
        return Map.of("mom2_dataset", HParamsChoice.quoted(corpus(dir)),
                "stats_dir", HParamsChoice.quoted(home().resolve("data/stats")));
    }
}
