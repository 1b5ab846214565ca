package dev.amend.methods.locate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amend.api.InvalidInputException;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.WeightKind;
import dev.amend.api.model.WeightSite;
import dev.amend.methods.golden.GoldenFixture;
import org.junit.jupiter.api.Test;

/** The default rewrite_module_tmp, the canonical site, resolves on every adapter like the model's own module name. */
class ChecksSiteTest {

    @Test
    void theCanonicalTemplateNamesTheSameSiteAsEachModelsOwnModuleName() {
        try (LanguageModel gpt2 = GoldenFixture.model("gpt2"); LanguageModel llama = GoldenFixture.model("llama")) {
            WeightSite expected = WeightSite.decoder(1, WeightKind.MLP_OUT_PROJ);
            assertThat(Checks.mlpOutput(gpt2, Checks.CANONICAL_MLP_OUTPUT, 1, "rome")).isEqualTo(expected)
                    .isEqualTo(Checks.mlpOutput(gpt2, "transformer.h.{}.mlp.c_proj", 1, "rome"));
            assertThat(Checks.mlpOutput(llama, Checks.CANONICAL_MLP_OUTPUT, 1, "rome")).isEqualTo(expected)
                    .isEqualTo(Checks.mlpOutput(llama, "model.layers.{}.mlp.down_proj", 1, "rome"));
            assertThatThrownBy(() -> Checks.mlpOutput(gpt2, "decoder.{}.mlp_in_proj", 1, "rome"))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("edits MLP output projections");
        }
    }
}
