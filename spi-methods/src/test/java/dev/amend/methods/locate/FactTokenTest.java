package dev.amend.methods.locate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amend.api.InvalidInputException;
import dev.amend.api.model.LanguageModel;
import dev.amend.testkit.tiny.TinyModels;
import org.junit.jupiter.api.Test;

class FactTokenTest {

    @Test
    void indicesCountTheTokensOfPrefixSubjectAndSuffix() {
        try (LanguageModel model = TinyModels.random(1)) {
            var tok = model.tokenizer();
            String template = "the city {} lives in";
            assertThat(FactToken.SUBJECT_FIRST.index(tok, template, "alice smith")).isEqualTo(2);
            assertThat(FactToken.SUBJECT_LAST.index(tok, template, "alice smith")).isEqualTo(3);
            assertThat(FactToken.SUBJECT_FIRST_AFTER_LAST.index(tok, template, "alice smith")).isEqualTo(4);
            assertThat(FactToken.LAST.index(tok, template, "alice smith")).isEqualTo(5);
            assertThat(FactToken.SUBJECT_FIRST_AFTER_LAST.index(tok, "the city of {}", "alice smith")).isEqualTo(4);
        }
    }

    @Test
    void badValuesAndTemplatesAreNamed() {
        assertThatThrownBy(() -> FactToken.parse("subject_middle")).hasMessageContaining("subject_last")
                .hasMessageContaining("subject_middle");
        assertThat(FactToken.parse("SUBJECT_LAST")).isEqualTo(FactToken.SUBJECT_LAST);
        try (LanguageModel model = TinyModels.random(1)) {
            assertThatThrownBy(() -> FactToken.LAST.index(model.tokenizer(), "{} and {}", "bob"))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("exactly one {}");
        }
    }
}
