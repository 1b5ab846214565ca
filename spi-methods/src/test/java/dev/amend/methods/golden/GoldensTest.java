package dev.amend.methods.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amend.api.model.LanguageModel;
import org.junit.jupiter.api.Test;

class GoldensTest {

    @Test
    void theErrorIsRelativeToTheReferencesLargestMagnitude() {
        double error = Goldens.relativeError("x", new double[] {1.0, 2.1, 0.0}, new double[] {1.0, 2.0, 0.001});
        assertThat(error).isCloseTo(0.05, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(Goldens.relativeError("x", new double[] {Double.NaN}, new double[] {1})).isInfinite();
    }

    @Test
    void aMismatchBeyondTheToleranceFails() {
        assertThatThrownBy(() -> Goldens.assertClose("delta", new double[] {1.1}, new double[] {1.0}, 1e-4))
                .isInstanceOf(AssertionError.class).hasMessageContaining("delta");
    }

    @Test
    void theModelFixturesLoadThroughTheirRealAdapters() {
        try (LanguageModel gpt2 = GoldenFixture.model("gpt2"); LanguageModel llama = GoldenFixture.model("llama")) {
            assertThat(gpt2.spec().modelType()).isEqualTo("gpt2");
            assertThat(gpt2.spec().numLayers()).isEqualTo(2);
            assertThat(gpt2.spec().hiddenSize()).isEqualTo(32);
            assertThat(llama.spec().modelType()).isEqualTo("llama");
            assertThat(llama.tokenizer().encode("Paris is the capital", true)[0]).as("LLaMA's <s>").isEqualTo(1);
        }
    }
}
