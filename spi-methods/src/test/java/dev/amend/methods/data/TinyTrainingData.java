package dev.amend.methods.data;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** A two-record ZsRE-format training file in the tiny model's words, for WISE's and IKE's contract tests. */
public final class TinyTrainingData {

    private TinyTrainingData() {}

    /** Its path on disk. */
    public static String path() {
        try {
            return Path.of(TinyTrainingData.class.getResource("/dev/amend/methods/data/tiny_train.json").toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
