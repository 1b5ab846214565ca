package dev.amend.methods.grace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.amend.methods.golden.EasyEditYaml;
import dev.amend.registry.hparams.HParamsCodec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * EasyEdit's GRACE hparams files for text models (hparams/GRACE/, written down under easyedit-yaml/GRACE) load
 * unchanged, mean EasyEdit's matching (the defaults' key_positions, label_match and same_key_replaces), and the one
 * for LLaMA-2-7B (EasyEdit's llama-7b.yaml) is exactly Amend's llama-2-7b preset.
 */
class GraceEasyEditYamlTest {

    private static final GraceProvider PROVIDER = new GraceProvider();

    @Test
    void everyFileLoadsWithEasyEditsMatching() {
        List<Path> files = EasyEditYaml.files("GRACE");
        assertThat(files).hasSize(7);
        for (Path file : files) {
            GraceHParams h = EasyEditYaml.load(PROVIDER, file);
            assertThat(h.keyPositions()).as(file.getFileName().toString()).isEqualTo(GraceHParams.KEYS_AT_LAST);
            assertThat(h.labelMatch()).isEqualTo(GraceHParams.LABEL_EASYEDIT);
            assertThat(h.sameKeyReplaces()).isFalse();
            EasyEditYaml.assertLoadsAsItsPreset(PROVIDER, file);
        }
    }

    @Test
    void llama7bIsTheLlama2Preset() {
        Path file = EasyEditYaml.files("GRACE").stream()
                .filter(f -> f.getFileName().toString().equals("llama-7b.yaml")).findFirst().orElseThrow();
        GraceHParams h = EasyEditYaml.load(PROVIDER, file);
        assertThat(h).isEqualTo(new HParamsCodec().preset(PROVIDER, "llama-2-7b"));
        assertThat(h.innerParams()).containsExactly("model.layers[27].mlp.down_proj.weight");
        assertThat(h.nIter()).isEqualTo(50);
    }

    @Test
    void gpt2XlNamesTheUpProjection() {
        Path file = EasyEditYaml.files("GRACE").stream()
                .filter(f -> f.getFileName().toString().equals("gpt2-xl.yaml")).findFirst().orElseThrow();
        // GRACE at GPT-2's up projection: GraceGoldenTest#anUpProjectionHoldsTheCodebookAsEasyEditsGpt2XlDoes
        assertThat(EasyEditYaml.load(PROVIDER, file).innerParams())
                .containsExactly("transformer.h[35].mlp.c_fc.weight");
    }
}
