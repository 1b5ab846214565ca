package dev.amend.methods.rrome;

import static org.assertj.core.api.Assertions.assertThat;

import dev.amend.api.model.LanguageModel;
import dev.amend.methods.golden.GoldenFixture;
import dev.amend.methods.rome.RomeGoldens;
import dev.amend.methods.rome.RomeHParams;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * R-ROME against tools/goldens/rrome.py (EasyEdit's r_rome transcribed in float64) on the gpt2 and llama fixtures: the
 * same tokens and the whole edit (v* after 19 / 24 Adam steps, float32 against float64: 1e-3), with R-ROME's default
 * (enable_random_prefix_keys) and, on gpt2, with enable_prompt_keys (ℓ, k and v from the bare prompt).
 */
class RRomeGoldenTest {

    private static final String CASE = "gpt2";
    private final GoldenFixture golden = GoldenFixture.of("rrome");
    private final RRomeProvider provider = new RRomeProvider();

    private RomeHParams hparams(Map<String, Object> overrides) {
        return RomeGoldens.hparams(provider, golden, CASE, overrides);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama"})
    void amendDerivesTheTokensAndPositionsEasyEditDoes(String name) {
        try (LanguageModel model = GoldenFixture.model(name)) {
            RomeGoldens.assertSameTokens(model, golden, name, RomeGoldens.hparams(provider, golden, name, Map.of()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama", "gpt2-prompt-keys"})
    void theWholeEditMatchesTheGolden(String name) {
        RomeGoldens.editError(provider, golden, name, RomeGoldens.hparams(provider, golden, name, Map.of()), 1e-3);
    }

    @Test
    void theGoldenFailsUnderRomesForm() {
        double error = RomeGoldens.editError(provider, golden, CASE, hparams(Map.of(
                "enable_random_prefix_keys", false, "original_implementation", true)), 1e9);
        assertThat(error).as("ROME's bare-prompt k and v").isGreaterThan(1e-3);
    }
}
