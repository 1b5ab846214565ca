package dev.amend.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {

    @Test
    void levenshteinDistance() {
        assertThat(DidYouMean.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(DidYouMean.distance("", "abc")).isEqualTo(3);
        assertThat(DidYouMean.distance("rome", "rome")).isZero();
    }

    @Test
    void suggestsCloseNamesOnly() {
        List<String> known = List.of("ROME", "MEMIT", "AlphaEdit", "FT-L");
        assertThat(DidYouMean.closest("rmoe", known)).contains("ROME");
        assertThat(DidYouMean.closest("memitt", known)).contains("MEMIT");
        assertThat(DidYouMean.closest("alpha", known)).contains("AlphaEdit");
        assertThat(DidYouMean.closest("serac", known)).isEmpty();
        assertThat(DidYouMean.hint("serac", known)).isEmpty();
    }
}
