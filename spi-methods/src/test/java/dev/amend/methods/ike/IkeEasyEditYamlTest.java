package dev.amend.methods.ike;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amend.methods.golden.EasyEditYaml;
import dev.amend.registry.hparams.InvalidHParamsException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every file of EasyEdit's {@code hparams/IKE} (written down under easyedit-yaml/IKE) loads unchanged: its k, its
 * embedder, EasyEdit's template and separator; the multimodal ones (BLIP-2, MiniGPT-4) are refused as such.
 */
class IkeEasyEditYamlTest {

    private static final Set<String> MULTIMODAL = Set.of("blip2.yaml", "minigpt4.yaml");

    @Test
    void everyTextFileLoadsWithEasyEditsMeaning() {
        List<Path> files = EasyEditYaml.files("IKE");
        assertThat(files).hasSize(19);
        int loaded = 0;
        for (Path file : files) {
            if (MULTIMODAL.contains(file.getFileName().toString())) {
                continue;
            }
            EasyEditYaml.assertLoadsAsItsPreset(new IkeProvider(), file);
            IkeHParams h = EasyEditYaml.load(new IkeProvider(), file);
            assertThat(h.iclTemplate()).as(file.toString()).isEqualTo(IkeHParams.EASYEDIT_TEMPLATE);
            assertThat(h.demoSeparator()).isEqualTo("\n\n");
            assertThat(h.promptPrefix()).isEmpty();
            boolean visionLanguage = file.getFileName().toString().matches("(llavaov|qwen2vl|qwen3vl).*");
            assertThat(h.k()).as(file.toString()).isEqualTo(visionLanguage ? 0 : 16);
            loaded++;
        }
        assertThat(loaded).isEqualTo(17);
        Path llama = files.stream().filter(f -> f.getFileName().toString().equals("llama-7b.yaml")).findFirst()
                .orElseThrow();
        assertThat(EasyEditYaml.load(new IkeProvider(), llama)).as("llama-7b.yaml against the preset llama-2-7b")
                .isEqualTo(new dev.amend.registry.hparams.HParamsCodec().preset(new IkeProvider(), "llama-2-7b"));
    }

    @Test
    void theMultimodalFilesAreRefusedAsMultimodal() {
        for (String name : MULTIMODAL) {
            Path file = EasyEditYaml.files("IKE").stream().filter(f -> f.getFileName().toString().equals(name))
                    .findFirst().orElseThrow();
            assertThatThrownBy(() -> EasyEditYaml.load(new IkeProvider(), file))
                    .isInstanceOf(InvalidHParamsException.class)
                    .hasMessageContaining("multimodal editing is not supported");
        }
    }
}
