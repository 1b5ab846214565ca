package dev.amend.methods.alphaedit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.amend.methods.golden.EasyEditYaml;
import dev.amend.registry.hparams.HParamsCodec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every file of EasyEdit's {@code hparams/AlphaEdit/} (its key/value pairs, written down under
 * {@code easyedit-yaml/AlphaEdit/}) loads unchanged, and the presets named after EasyEdit's models mean exactly their
 * files. The {@code llama-2-7b} preset is Amend's own (EasyEdit has no such AlphaEdit file).
 */
class AlphaEditEasyEditYamlTest {

    static final Map<String, String> PRESETS = Map.of("gpt2-xl.yaml", "gpt2-xl", "gpt-j-6B.yaml", "gpt-j-6b",
            "llama3-8b.yaml", "llama3-8b");

    @Test
    void everyEasyEditFileLoadsAndThoseOfPresetsEqualThem() {
        AlphaEditProvider provider = new AlphaEditProvider();
        List<Path> files = EasyEditYaml.files("AlphaEdit");
        assertThat(files).hasSize(6);
        int compared = 0;
        for (Path file : files) {
            AlphaEditHParams loaded = EasyEditYaml.load(provider, file);
            assertThat(loaded.earlierKeys()).as("%s: EasyEdit's cache_c", file).isEqualTo(EarlierKeys.ALL_CALLS);
            String preset = PRESETS.get(file.getFileName().toString());
            if (preset != null) {
                assertThat(loaded).as("%s against the preset %s", file.getFileName(), preset)
                        .isEqualTo(new HParamsCodec().preset(provider, preset));
                compared++;
            }
        }
        assertThat(compared).isEqualTo(PRESETS.size());
    }

    @Test
    void llama3HasItsOwnLearningRateAndRidge() {
        AlphaEditHParams h = new HParamsCodec().preset(new AlphaEditProvider(), "llama3-8b");
        assertThat(h.vLr()).isEqualTo(0.1);
        assertThat(h.l2()).isEqualTo(1.0);
        assertThat(h.nullspaceThreshold()).isEqualTo(0.02);
        assertThat(h.rewriteModuleTmp()).isEqualTo("model.layers.{}.mlp.down_proj");
    }
}
