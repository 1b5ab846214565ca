package dev.amend.registry.hparams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amend.api.HParam;
import dev.amend.api.HParams;
import dev.amend.api.edit.EditCapability;
import dev.amend.api.edit.MethodCapabilities;
import dev.amend.registry.fixtures.NudgeProvider;
import dev.amend.registry.hparams.HParamsReference.Key;
import dev.amend.toolkit.provider.MethodProviderBase;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HParamsReferenceTest {

    private final HParamsReference reference = new HParamsReference(new HParamsCodec());

    @Test
    void everyKeyIsReadFromTheRecordWithItsFileNameTypeDefaultAndEasyEditKey() {
        List<Key> keys = reference.keys(new NudgeProvider());

        assertThat(keys).extracting(Key::name).containsExactly("layers", "v_lr", "v_num_grad_steps", "kl_factor",
                "mom2_adjustment", "rewrite_module_tmp", "fact_token");
        assertThat(keys.get(0)).isEqualTo(new Key("layers", "list of integer", Optional.of("[0]"),
                "the layers whose MLP output is nudged", "layers"));
        assertThat(keys.get(1).defaultValue()).contains("0.5");
        assertThat(keys.get(5).defaultValue()).contains("\"transformer.h.{}.mlp.c_proj\"");
        assertThat(keys.get(6).type()).isEqualTo("one of `subject_last`, `subject_first`, `last`");
        assertThat(keys.get(6).easyEdit()).as("AMEND_ONLY").isEmpty();
    }

    @Test
    void theMarkdownHasATableRowPerKeyAndTheIgnoredKeys() {
        String md = reference.markdown(List.of(new NudgeProvider()));

        assertThat(md).startsWith("### `nudge`\n\nregistry test provider\n\nRecord `"
                + "dev.amend.registry.fixtures.NudgeHParams`; presets `gpt2-xl`, `toy`.\n\n| key | type | default | EasyEdit key"
                + " | meaning |");
        assertThat(md).contains("| `v_lr` | number | `0.5` | same | step size of the nudge |\n");
        assertThat(md).contains("| `fact_token` | one of `subject_last`, `subject_first`, `last` | "
                + "`\"subject_last\"` | (Amend's own) | where the key is read |\n");
        assertThat(md).contains("Accepted and ignored (EasyEdit keys that mean nothing here): `layer_module_tmp`, "
                + "`mlp_module_tmp`, `stats_dir`.");
    }

    /** Two keys, one without a meaning. */
    record HalfDocumented(@HParam("documented") int a, int undocumentedKey) implements HParams {}

    @Test
    void aKeyWithoutAMeaningIsNamed() {
        var provider = new MethodProviderBase<>("nudge", "half documented", HalfDocumented.class,
                MethodCapabilities.of(EditCapability.RUNTIME_ONLY), h -> null) {};
        assertThatThrownBy(() -> reference.keys(provider)).isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith("HalfDocumented (hparams of nudge): keys without an @HParam saying what they "
                        + "mean: [undocumented_key]");
    }

    @Test
    void typeNamesAreWordsAReaderKnows() {
        record Shapes(List<List<Integer>> lengths, java.util.Map<String, Double> weights, java.nio.file.Path dir,
                      boolean flag, String text) {}
        var components = Shapes.class.getRecordComponents();
        assertThat(java.util.Arrays.stream(components).map(c -> HParamsReference.typeName(c.getGenericType())))
                .containsExactly("list of list of integer", "map of string to number", "path", "boolean", "string");
    }
}
