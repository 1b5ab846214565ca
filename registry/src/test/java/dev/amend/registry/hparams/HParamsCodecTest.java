package dev.amend.registry.hparams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amend.registry.fixtures.NudgeHParams;
import dev.amend.registry.fixtures.NudgeProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HParamsCodecTest {

    private final HParamsCodec codec = new HParamsCodec();
    private final NudgeProvider provider = new NudgeProvider();

    /** Shaped like EasyEdit's hparams/ROME/gpt2-xl.yaml (note PyYAML-style 5e-1, a string in YAML 1.1). */
    private static final String EASYEDIT_STYLE = """
            alg_name: "NUDGE"
            model_name: "./hugging_cache/gpt2-xl"
            stats_dir: "./data/stats"
            device: 0
            layers: [17]
            fact_token: "subject_last"
            v_num_grad_steps: 20
            v_lr: 5e-1
            kl_factor: 0.0625
            mom2_adjustment: false
            rewrite_module_tmp: "transformer.h.{}.mlp.c_proj"
            layer_module_tmp: "transformer.h.{}"
            model_parallel: false
            """;

    @TempDir
    Path temp;

    private Path file(String text) throws IOException {
        return Files.writeString(temp.resolve("nudge.yaml"), text);
    }

    @Test
    void loadsAnEasyEditStyleFileAndReportsIgnoredKeys() throws IOException {
        LoadedHParams<NudgeHParams> loaded = codec.load(provider, file(EASYEDIT_STYLE));
        assertThat(loaded.hparams()).isEqualTo(new NudgeHParams(List.of(17), 0.5, 20, 0.0625, false,
                "transformer.h.{}.mlp.c_proj", NudgeHParams.FactToken.subject_last));
        assertThat(loaded.ignoredKeys()).containsExactly("stats_dir", "device", "layer_module_tmp", "model_parallel");
        assertThat(loaded.modelName()).contains("./hugging_cache/gpt2-xl");
    }

    @Test
    void missingKeysComeFromTheProvidersDefaults() {
        NudgeHParams h = codec.parse(provider, "layers: [3, 4]\nv_lr: 0.1\n", "inline").hparams();
        assertThat(h.layers()).containsExactly(3, 4);
        assertThat(h.vLr()).isEqualTo(0.1);
        assertThat(h.vNumGradSteps()).isEqualTo(20);
    }

    @Test
    void unknownKeysListTheValidOnesAndSuggestTheClosest() throws IOException {
        Path f = file("layers: [1]\nv_lrr: 0.1\n");
        assertThatThrownBy(() -> codec.load(provider, f))
                .isInstanceOf(InvalidHParamsException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("unknown key 'v_lrr' for nudge (did you mean 'v_lr'?)")
                .hasMessageContaining("valid keys: fact_token, kl_factor, layers, mom2_adjustment, rewrite_module_tmp, "
                        + "v_lr, v_num_grad_steps");
    }

    @Test
    void valuesOfTheWrongTypeNameTheKeyAndWhatWasExpected() {
        assertThatThrownBy(() -> codec.parse(provider, "v_num_grad_steps: many\n", "f.yaml"))
                .hasMessageStartingWith("f.yaml: key 'v_num_grad_steps': expected an integer");
        assertThatThrownBy(() -> codec.parse(provider, "fact_token: middle\n", "f.yaml"))
                .hasMessageContaining("key 'fact_token': expected one of [subject_last, subject_first, last]");
    }

    @Test
    void recordValidationMessagesKeepTheFileName() {
        assertThatThrownBy(() -> codec.parse(provider, "v_lr: -1\n", "f.yaml"))
                .isInstanceOf(InvalidHParamsException.class)
                .hasMessage("f.yaml: v_lr must be > 0, got -1.0");
    }

    @Test
    void withoutDefaultsEveryKeyIsRequired() {
        NudgeProvider noDefaults = new NudgeProvider() {};   // a class of this package, which ships no presets/
        assertThatThrownBy(() -> codec.parse(noDefaults, "layers: [1]\nv_lr: 0.1\n", "f.yaml"))
                .hasMessage("f.yaml: missing required keys fact_token, kl_factor, mom2_adjustment, rewrite_module_tmp, "
                        + "v_num_grad_steps (nudge has no defaults for them)");
    }

    @Test
    void malformedYamlNamesTheLine() {
        assertThatThrownBy(() -> codec.parse(provider, "layers: [1\nv_lr: 0.1\n", "broken.yaml"))
                .isInstanceOf(InvalidHParamsException.class)
                .hasMessageStartingWith("broken.yaml: line ")
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> codec.parse(provider, "- 1\n- 2\n", "list.yaml"))
                .hasMessage("list.yaml: expected a mapping of keys to values, got a array");
    }

    @Test
    void algNameMustMatchTheProvider() {
        assertThatThrownBy(() -> codec.parse(provider, "alg_name: ROME\n", "f.yaml"))
                .hasMessage("f.yaml: alg_name is 'ROME' but the file is being read for nudge");
    }

    @Test
    void yamlRoundTripGivesEqualHParams() {
        NudgeHParams original = new NudgeHParams(List.of(2, 5), 0.25, 7, 0.5, true, "h.{}.mlp.c_proj",
                NudgeHParams.FactToken.last);
        String yaml = codec.toYaml(provider, original);
        assertThat(yaml).startsWith("alg_name: nudge\n").contains("v_num_grad_steps: 7");
        assertThat(codec.parse(provider, yaml, "round-trip").hparams()).isEqualTo(original);
        assertThat(codec.fromMap(provider, Map.of("v_lr", 2), "override").vLr()).isEqualTo(2.0);
    }

    @Test
    void presetsAreTheFilesNextToTheProviderAndMergeOverItsDefaults() {
        assertThat(Presets.names(provider)).containsExactly("gpt2-xl", "toy");
        assertThat(codec.defaults(provider)).contains(new NudgeHParams(List.of(0), 0.5, 20, 0.0625, false,
                "transformer.h.{}.mlp.c_proj", NudgeHParams.FactToken.subject_last));
        NudgeHParams toy = codec.preset(provider, "toy");
        assertThat(toy.layers()).containsExactly(3);
        assertThat(toy.vLr()).isEqualTo(0.25);
        assertThat(toy.vNumGradSteps()).as("from default.yaml").isEqualTo(20);
        assertThat(codec.preset(provider, "gpt2-xl").layers()).containsExactly(17);
        assertThatThrownBy(() -> codec.preset(provider, "llama"))
                .hasMessage("nudge has no preset 'llama'; its presets: gpt2-xl, toy");
        assertThatThrownBy(() -> codec.preset(provider, Presets.DEFAULTS)).hasMessageContaining("no preset 'default'");
        assertThat(codec.defaults(new NudgeProvider() {})).as("no presets/ next to this package").isEmpty();
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> codec.load(provider, temp.resolve("absent.yaml")))
                .hasMessageContaining("absent.yaml does not exist");
    }
}
