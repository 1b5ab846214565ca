package dev.amend.methods.ft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amend.methods.golden.EasyEditYaml;
import dev.amend.registry.hparams.HParamsCodec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * EasyEdit's hparams/FT files (written down as data) load unchanged, and those of the models Amend has presets for
 * mean exactly those presets. EasyEdit's own typo {@code promptz_last} (chatglm4-9b.yaml) is refused: EasyEdit
 * raises NotImplementedError on it too.
 */
class FtEasyEditYamlTest {

    /** EasyEdit's file name to the preset named after its model. */
    private static final Map<String, String> PRESETS = Map.of(
            "gpt2-xl.yaml", "gpt2-xl", "gpt-j-6B.yaml", "gpt-j-6b", "llama-7b.yaml", "llama-2-7b");

    @Test
    void everyFileLoadsAndTheModelsWithPresetsMeanThePreset() {
        FtProvider provider = new FtProvider();
        List<Path> files = EasyEditYaml.files("FT");
        assertThat(files).hasSize(15);
        int compared = 0;
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.equals("chatglm4-9b.yaml")) {
                assertThatThrownBy(() -> EasyEditYaml.load(provider, file)).hasMessageContaining("promptz_last");
                continue;
            }
            FtHParams loaded = EasyEditYaml.load(provider, file);
            assertThat(loaded.targetTokens()).as(name).isEqualTo(FtHParams.TARGET_ALONE);
            if (PRESETS.containsKey(name)) {
                assertThat(loaded).as(name).isEqualTo(new HParamsCodec().preset(provider, PRESETS.get(name)));
                compared++;
            }
        }
        assertThat(compared).isEqualTo(3);
    }

    @Test
    void gpt2XlIsFtLWithItsBound() {
        FtHParams h = new HParamsCodec().preset(new FtProvider(), "gpt2-xl");
        assertThat(h.layers()).containsExactly(0);
        assertThat(h.batchSize()).isEqualTo(3);
        assertThat(h.normConstraint().bound()).isEqualTo(5e-4);
        assertThat(h.objectiveOptimization()).isEqualTo("prompt_last");
    }
}
