package dev.amend.metrics.fluency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class NGramEntropyTest {

    /** "a b a b": bigrams ab, ba, ab (H2 = H(2/3, 1/3) = 0.918296 bits), trigrams aba, bab (H3 = 1 bit). */
    @Test
    void weighsBigramAndTrigramEntropyAsRome() {
        double h2 = -(2.0 / 3) * Math.log(2.0 / 3) / Math.log(2) - (1.0 / 3) * Math.log(1.0 / 3) / Math.log(2);
        assertThat(h2).isEqualTo(0.918296, within(1e-6));
        assertThat(NGramEntropy.of("a b a b")).isEqualTo((2.0 / 3 * h2 + 4.0 / 3 * 1) / 2, within(1e-12));
    }

    @Test
    void repetitionScoresLowerThanVariety() {
        assertThat(NGramEntropy.of("the the the the the the")).isZero();
        assertThat(NGramEntropy.of("one two three four five six")).isEqualTo((2.0 / 3 * Math.log(5) / Math.log(2)
                + 4.0 / 3 * 2) / 2, within(1e-12));
        assertThat(NGramEntropy.of("x")).isZero();
    }

    @Test
    void splitsWordsAndPunctuationLikeNltk() {
        assertThat(NGramEntropy.words(". safa gusag plays golf, (often).")).containsExactly(".", "safa", "gusag",
                "plays", "golf", ",", "(", "often", ")", ".");
        assertThat(NGramEntropy.words("  ")).isEqualTo(List.of());
    }
}
