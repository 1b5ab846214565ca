package dev.amend.methods.serac;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amend.testkit.tiny.TinyModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A SERAC archive of two untrained tiny models (classifier from seed 11, counterfactual model from seed 13; the tiny
 * vocabulary of every tiny model), written once per JVM and comparison.
 */
final class TinyArchive {

    private static final Path[] WRITTEN = new Path[2];

    private TinyArchive() {}

    /** The archive's directory: EasyEdit's lead-in {@code "{prompt} {target}"}, compared by cosine or squared distance. */
    static synchronized Path path(boolean cos) {
        int i = cos ? 1 : 0;
        if (WRITTEN[i] == null) {
            try {
                Path dir = Files.createTempDirectory("serac-archive");
                TinyModels.save(TinyModels.random(11), dir.resolve(SeracArchive.CLASSIFIER));
                TinyModels.save(TinyModels.random(13), dir.resolve(SeracArchive.REPLACEMENT));
                new SeracArchive(dir.resolve(SeracArchive.CLASSIFIER), dir.resolve(SeracArchive.REPLACEMENT), cos, true,
                        "{prompt} {target}", "").writeManifest(dir, new ObjectMapper().createObjectNode());
                WRITTEN[i] = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return WRITTEN[i];
    }
}
