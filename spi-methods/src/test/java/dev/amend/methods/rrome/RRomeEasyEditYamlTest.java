package dev.amend.methods.rrome;

import static org.assertj.core.api.Assertions.assertThat;

import dev.amend.methods.golden.EasyEditYaml;
import dev.amend.methods.rome.RomeEasyEditYamlTest;
import dev.amend.methods.rome.RomeHParams;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every file of EasyEdit's hparams/R-ROME (written down as data) loads unchanged for {@code r-rome} with R-ROME's
 * form, and the presets named after EasyEdit's models equal their files key for key.
 */
class RRomeEasyEditYamlTest {

    private final RRomeProvider provider = new RRomeProvider();

    @Test
    void everyEasyEditRRomeFileLoadsAndRunsRRomesForm() {
        List<Path> files = EasyEditYaml.files("R-ROME");
        assertThat(files).hasSize(7);
        for (Path file : files) {
            RomeHParams h = EasyEditYaml.load(provider, file);
            assertThat(h.enableRandomPrefixKeys()).as("%s: k and v averaged over the templates", file).isTrue();
            assertThat(h.originalImplementation()).as(file.toString()).isFalse();
            assertThat(h.enablePromptKeys()).as(file.toString()).isFalse();
        }
    }

    @Test
    void thePresetsNamedAfterEasyEditModelsEqualTheirFiles() {
        RomeEasyEditYamlTest.assertPresetsEqualFiles(provider, "R-ROME", RomeEasyEditYamlTest.PRESETS);
    }
}
