package dev.amend.methods.mend;

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
 * Every file of EasyEdit's {@code hparams/MEND} (written down under easyedit-yaml/MEND) loads unchanged for editing:
 * its archive; its training keys reported as ignored (the archive holds what they made); the multimodal ones (BLIP-2,
 * MiniGPT-4) are refused as such.
 */
class MendEasyEditYamlTest {

    private static final Set<String> MULTIMODAL = Set.of("blip2.yaml", "minigpt4.yaml");

    @Test
    void everyTextFileLoadsWithItsArchive() {
        List<Path> files = EasyEditYaml.files("MEND");
        assertThat(files).hasSize(18);
        int loaded = 0;
        for (Path file : files) {
            if (MULTIMODAL.contains(file.getFileName().toString())) {
                continue;
            }
            var read = new HParamsCodec().load(new MendProvider(), file);
            assertThat(read.hparams().archive()).as(file.toString()).contains("models/MEND/");
            assertThat(read.ignoredKeys()).contains("lr_scale", "eval_log_interval", "inner_params", "shared");
            loaded++;
        }
        assertThat(loaded).isEqualTo(16);
    }

    @Test
    void theMultimodalFilesAreRefusedAsMultimodal() {
        for (Path file : EasyEditYaml.files("MEND")) {
            if (MULTIMODAL.contains(file.getFileName().toString())) {
                assertThatThrownBy(() -> EasyEditYaml.load(new MendProvider(), file))
                        .isInstanceOf(InvalidHParamsException.class)
                        .hasMessageContaining("multimodal editing is not supported");
            }
        }
    }
}
