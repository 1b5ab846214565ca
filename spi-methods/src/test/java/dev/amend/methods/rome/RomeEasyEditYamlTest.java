package dev.amend.methods.rome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amend.registry.hparams.InvalidHParamsException;
import dev.amend.methods.golden.EasyEditYaml;
import dev.amend.methods.rrome.RRomeProvider;
import dev.amend.registry.hparams.HParamsCodec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every file of EasyEdit's hparams/ROME (written down as data) loads unchanged for {@code rome}, runs ROME's update
 * form, and the presets named after EasyEdit's models equal their files key for key.
 */
public class RomeEasyEditYamlTest {

    /** EasyEdit's file name → Amend's preset of that model. */
    public static final Map<String, String> PRESETS = Map.of("gpt2-xl.yaml", "gpt2-xl", "gpt-j-6B.yaml", "gpt-j-6b",
            "llama-7b.yaml", "llama-2-7b");

    private final RomeProvider provider = new RomeProvider();

    @Test
    void everyEasyEditRomeFileLoadsAndRunsRomesForm() {
        List<Path> files = EasyEditYaml.files("ROME");
        assertThat(files).hasSize(14);
        for (Path file : files) {
            RomeHParams h = EasyEditYaml.load(provider, file);
            assertThat(h.originalImplementation()).as("%s: ROME's form", file).isTrue();
            assertThat(h.enableRandomPrefixKeys()).as("%s: k and v from the bare prompt", file).isFalse();
            assertThat(h.mom2Adjustment()).as(file.toString()).isFalse();
        }
    }

    @Test
    void thePresetsNamedAfterEasyEditModelsEqualTheirFiles() {
        assertPresetsEqualFiles(provider, "ROME", PRESETS);
    }

    @Test
    void anRRomeFileIsNotReadAsRome() {
        Path file = EasyEditYaml.files("R-ROME").get(0);
        assertThatThrownBy(() -> EasyEditYaml.load(provider, file)).isInstanceOf(InvalidHParamsException.class)
                .hasMessageContaining("alg_name is 'R-ROME' but the file is being read for rome");
        assertThatThrownBy(() -> EasyEditYaml.load(new RRomeProvider(), EasyEditYaml.files("ROME").get(0)))
                .isInstanceOf(InvalidHParamsException.class).hasMessageContaining("read for r-rome");
    }

    /** Each mapped file equals its preset (the preset's record, so ignored keys do not count). */
    public static void assertPresetsEqualFiles(dev.amend.api.edit.EditMethodProvider<RomeHParams> provider,
                                               String folder, Map<String, String> presets) {
        HParamsCodec codec = new HParamsCodec();
        int compared = 0;
        for (Path file : EasyEditYaml.files(folder)) {
            String preset = presets.get(file.getFileName().toString());
            if (preset != null) {
                assertThat(EasyEditYaml.load(provider, file)).as("%s against preset %s", file.getFileName(), preset)
                        .isEqualTo(codec.preset(provider, preset));
                compared++;
            }
        }
        assertThat(compared).isEqualTo(presets.size());
    }
}
