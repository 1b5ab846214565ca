package dev.amend.methods.kn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.amend.methods.golden.EasyEditYaml;
import dev.amend.registry.hparams.HParamsCodec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** EasyEdit's hparams/KN files (written down as data) load unchanged; gpt2-xl, gpt-j-6B and llama-7b mean the presets. */
class KnEasyEditYamlTest {

    /** EasyEdit's file name to the preset named after its model. */
    private static final Map<String, String> PRESETS = Map.of(
            "gpt2-xl.yaml", "gpt2-xl", "gpt-j-6B.yaml", "gpt-j-6b", "llama-7b.yaml", "llama-2-7b");

    @Test
    void everyFileLoadsAndTheModelsWithPresetsMeanThePreset() {
        KnProvider provider = new KnProvider();
        List<Path> files = EasyEditYaml.files("KN");
        assertThat(files).hasSize(13);
        int compared = 0;
        for (Path file : files) {
            String name = file.getFileName().toString();
            KnHParams loaded = EasyEditYaml.load(provider, file);
            assertThat(loaded.neuronSite()).as(name).isEqualTo(KnHParams.PRE_ACTIVATION);
            assertThat(loaded.answerPositions()).as(name).isEqualTo(KnHParams.AUTO);
            assertThat(loaded.answerTokens()).as(name).isEqualTo(KnHParams.ALONE);
            if (PRESETS.containsKey(name)) {
                assertThat(loaded).as(name).isEqualTo(new HParamsCodec().preset(provider, PRESETS.get(name)));
                compared++;
            }
        }
        assertThat(compared).isEqualTo(3);
    }

    @Test
    void thePresetsCarryEasyEditsValues() {
        HParamsCodec codec = new HParamsCodec();
        KnProvider provider = new KnProvider();
        assertThat(codec.preset(provider, "gpt-j-6b").adaptiveThreshold()).isEqualTo(0.1);
        KnHParams llama = codec.preset(provider, "llama-2-7b");
        assertThat(llama.steps()).isEqualTo(1);
        assertThat(llama.batchSize()).isEqualTo(1);
        assertThat(llama.answerPositionsFor("llama")).isEqualTo(KnHParams.GREEDY_TEXT);
        assertThat(llama.answerPositionsFor("gpt2")).isEqualTo(KnHParams.LAST);
        assertThat(llama.answerPositionsFor("gptj")).isEqualTo(KnHParams.LAST);
        assertThat(llama.answerPositionsFor("qwen2")).isEqualTo(KnHParams.GREEDY_TEXT);
    }
}
