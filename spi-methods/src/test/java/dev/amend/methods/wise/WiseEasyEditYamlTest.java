package dev.amend.methods.wise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.amend.methods.golden.EasyEditYaml;
import dev.amend.registry.hparams.HParamsCodec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * EasyEdit's WISE hparams files for text models (hparams/WISE/, written down under easyedit-yaml/WISE) load unchanged,
 * mean EasyEdit's WISE (its templates, scores and loss: the defaults), and the one for LLaMA-2-7B (EasyEdit's
 * llama-7b.yaml) is exactly Amend's llama-2-7b preset.
 */
class WiseEasyEditYamlTest {

    private static final WiseProvider PROVIDER = new WiseProvider();

    @Test
    void everyFileLoadsAsEasyEditsWise() {
        List<Path> files = EasyEditYaml.files("WISE");
        assertThat(files).hasSize(9);
        for (Path file : files) {
            WiseHParams h = EasyEditYaml.load(PROVIDER, file);
            assertThat(h.contextTemplatesFrom()).as(file.getFileName().toString())
                    .isEqualTo(WiseHParams.TEMPLATES_WISE);
            assertThat(h.contextTemplateLengthParams()).isEqualTo(List.of(List.of(5, 5), List.of(10, 5)));
            assertThat(h.score()).isEqualTo(WiseHParams.SCORE_ACTIVATION);
            assertThat(h.nll()).isEqualTo(WiseHParams.NLL_EASYEDIT);
            assertThat(h.retrieve()).isTrue();
            EasyEditYaml.assertLoadsAsItsPreset(PROVIDER, file);
        }
    }

    @Test
    void llama7bIsTheLlama2Preset() {
        Path file = EasyEditYaml.files("WISE").stream()
                .filter(f -> f.getFileName().toString().equals("llama-7b.yaml")).findFirst().orElseThrow();
        WiseHParams h = EasyEditYaml.load(PROVIDER, file);
        assertThat(h).isEqualTo(new HParamsCodec().preset(PROVIDER, "llama-2-7b"));
        assertThat(h.actMargin()).containsExactly(5.0, 20.0, 10.0);
        assertThat(h.actRatio()).isEqualTo(0.88);
        assertThat(h.nIter()).isEqualTo(70);
    }
}
