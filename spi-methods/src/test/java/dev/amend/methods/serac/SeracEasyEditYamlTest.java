package dev.amend.methods.serac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amend.methods.golden.EasyEditYaml;
import dev.amend.registry.hparams.HParamsCodec;
import dev.amend.registry.hparams.InvalidHParamsException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every file of EasyEdit's {@code hparams/SERAC} (written down under easyedit-yaml/SERAC) loads unchanged for editing:
 * its archive, {@code supervised: false} and {@code soft_weighting: false} (the models' outputs mixed, as EasyEdit's
 * {@code SERAC.forward} does with them); the multimodal ones ({@code SERAC_MULTI}) are refused as such.
 */
class SeracEasyEditYamlTest {

    private static final Set<String> MULTIMODAL = Set.of("blip2.yaml", "minigpt4.yaml");

    @Test
    void everyTextFileLoadsWithItsArchiveAndEasyEditsSoftCombination() {
        List<Path> files = EasyEditYaml.files("SERAC");
        assertThat(files).hasSize(7);
        int loaded = 0;
        for (Path file : files) {
            if (MULTIMODAL.contains(file.getFileName().toString())) {
                continue;
            }
            var read = new HParamsCodec().load(new SeracProvider(), file);
            assertThat(read.hparams().archive()).as(file.toString()).contains("/results/models/SERAC/");
            assertThat(read.hparams().soft()).as(file.toString()).isTrue();
            assertThat(read.ignoredKeys()).contains("cls_name", "small_name", "lr", "max_iters");
            loaded++;
        }
        assertThat(loaded).isEqualTo(5);
    }

    @Test
    void theMultimodalFilesAreRefusedAsMultimodal() {
        for (Path file : EasyEditYaml.files("SERAC")) {
            if (MULTIMODAL.contains(file.getFileName().toString())) {
                assertThatThrownBy(() -> EasyEditYaml.load(new SeracProvider(), file))
                        .isInstanceOf(InvalidHParamsException.class)
                        .hasMessageContaining("multimodal editing is not supported");
            }
        }
    }

    @Test
    void supervisedWithoutSoftWeightingRoutesHard() {
        assertThat(new SeracHParams("a", true, false).soft()).isFalse();
        assertThat(new SeracHParams("a", true, true).soft()).isTrue();
        assertThat(new SeracHParams("a", false, false).soft()).isTrue();
    }
}
