package dev.amend.methods.lora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amend.methods.golden.EasyEditYaml;
import dev.amend.registry.hparams.HParamsCodec;
import dev.amend.registry.hparams.InvalidHParamsException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * EasyEdit's {@code hparams/LoRA/*.yaml} (written down as data under {@code easyedit-yaml/LoRA}) load unchanged, the
 * ones named after a preset's model equal that preset, and they mean what EasyEdit runs: AdaLoRA of rank 12 for the
 * {@code adalora} files, whatever their {@code rank}. The three multimodal files are refused.
 */
class LoraEasyEditYamlTest {

    private static final LoraProvider PROVIDER = new LoraProvider();

    /** EasyEdit's file → Amend's preset (EasyEdit's llama-7b.yaml is LLaMA-2-7B). */
    private static final Map<String, String> PRESETS = Map.of(
            "gpt2-xl.yaml", "gpt2-xl", "gpt-j-6B.yaml", "gpt-j-6b", "llama-7b.yaml", "llama-2-7b");

    /** EasyEdit's multimodal LoRA files (sh_lr, use_chat_template): multimodal editing is not offered. */
    private static final Set<String> MULTIMODAL = Set.of("llavaov-7b.yaml", "qwen2vl-7b.yaml", "qwen3vl-4b.yaml");

    @Test
    void everyTextFileLoadsAndTheNamedOnesEqualTheirPresets() {
        List<Path> files = EasyEditYaml.files("LoRA");
        assertThat(files).hasSize(12);
        int compared = 0;
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (MULTIMODAL.contains(name)) {
                continue;
            }
            LoraHParams h = EasyEditYaml.load(PROVIDER, file);
            if (PRESETS.containsKey(name)) {
                assertThat(h).as(name).isEqualTo(new HParamsCodec().preset(PROVIDER, PRESETS.get(name)));
                compared++;
            }
        }
        assertThat(compared).isEqualTo(3);
    }

    @Test
    void multimodalFilesAreRefusedByTheirMultimodalKeys() {
        for (String name : MULTIMODAL) {
            Path file = EasyEditYaml.files("LoRA").stream().filter(f -> f.getFileName().toString().equals(name))
                    .findFirst().orElseThrow();
            assertThatThrownBy(() -> EasyEditYaml.load(PROVIDER, file)).as(name)
                    .isInstanceOf(InvalidHParamsException.class)
                    .hasMessageMatching("(?s).*(sh_lr|use_chat_template|multimodal).*");
        }
    }

    @Test
    void adaloraFilesMeanAdaLoraOfRankTwelveOnTheirModules() {
        LoraHParams gpt2 = load("gpt2-xl.yaml");
        assertThat(gpt2.adaptive()).isTrue();
        assertThat(gpt2.rank()).isEqualTo(8);
        assertThat(gpt2.adapterRank()).isEqualTo(12);
        assertThat(gpt2.scale()).isEqualTo(32 / (12 + 1e-5));
        assertThat(gpt2.targetModules()).containsExactly("c_attn");
        assertThat(gpt2.layers()).isEmpty();
        assertThat(gpt2.orthRegWeight()).isEqualTo(0.5);
        assertThat(gpt2.loraDropout()).isEqualTo(0.1);
        assertThat(gpt2.freshAdapter()).isFalse();
        assertThat(gpt2.numSteps()).isEqualTo(30);
        assertThat(load("llama3-8b.yaml").targetModules()).containsExactly("q_proj", "v_proj");
        assertThat(load("chatglm2-6b.yaml").targetModules()).containsExactly("dense_h_to_4h", "dense_4h_to_h");
    }

    @Test
    void qwenFileIsPlainLoraScaledByAlphaOverRank() {
        LoraHParams qwen = load("qwen2.5-7b.yaml");
        assertThat(qwen.adaptive()).isFalse();
        assertThat(qwen.adapterRank()).isEqualTo(8);
        assertThat(qwen.scale()).isEqualTo(4.0);
        assertThat(qwen.numSteps()).isEqualTo(60);
    }

    private static LoraHParams load(String name) {
        return EasyEditYaml.load(PROVIDER, EasyEditYaml.files("LoRA").stream()
                .filter(f -> f.getFileName().toString().equals(name)).findFirst().orElseThrow());
    }
}
