package dev.amend.methods.memit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.amend.methods.golden.EasyEditYaml;
import dev.amend.registry.hparams.HParamsCodec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every file of EasyEdit's {@code hparams/MEMIT/} (its key/value pairs, written down under
 * {@code easyedit-yaml/MEMIT/}) loads unchanged, and the presets named after EasyEdit's models mean exactly their
 * files.
 */
class MemitEasyEditYamlTest {

    /** EasyEdit's file for each preset named after its model (llama-7b.yaml is EasyEdit's llama-2-7b file). */
    static final Map<String, String> PRESETS = Map.of("gpt2-xl.yaml", "gpt2-xl", "gpt-j-6B.yaml", "gpt-j-6b",
            "llama-7b.yaml", "llama-2-7b");

    @Test
    void everyEasyEditFileLoadsAndThoseOfPresetsEqualThem() {
        MemitProvider provider = new MemitProvider();
        List<Path> files = EasyEditYaml.files("MEMIT");
        assertThat(files).hasSize(11);
        int compared = 0;
        for (Path file : files) {
            MemitHParams loaded = EasyEditYaml.load(provider, file);
            assertThat(loaded.factToken()).as(file.toString()).isEqualTo("subject_last");
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
    void gpt2XlMeansEasyEditsValues() {
        MemitHParams h = new HParamsCodec().preset(new MemitProvider(), "gpt2-xl");
        assertThat(h.layers()).containsExactly(13, 14, 15, 16, 17);
        assertThat(h.mom2UpdateWeight()).isEqualTo(20000);
        assertThat(h.clampNormFactor()).isEqualTo(0.75);
        assertThat(h.vNumGradSteps()).isEqualTo(20);
        assertThat(h.statsDir()).isEqualTo("./data/stats");
        assertThat(h.contextTemplateLengthParams()).as("EasyEdit's MEMIT code: [(10, 5)]")
                .isEqualTo(List.of(List.of(10, 5)));
        assertThat(h.throughUpdate()).isFalse();
    }
}
