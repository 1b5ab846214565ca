package dev.amend.methods.locate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amend.api.InvalidInputException;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.Tokenizer;
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

    /**
     * Like GPT-2's byte-level BPE, as far as counting goes: a word takes the space before it, and a space that nothing
     * follows is a token of its own.
     */
    private static final Tokenizer BYTE_LEVEL = new Tokenizer() {
        @Override
        public int[] encode(String text, boolean addSpecialTokens) {
            return java.util.regex.Pattern.compile(" ?[^ ]+| ").matcher(text).results()
                    .mapToInt(m -> m.group().hashCode()).toArray();
        }

        @Override
        public java.util.List<int[]> encodeAll(java.util.List<String> texts, boolean addSpecialTokens) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String decode(int[] ids) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String token(int id) {
            return "#" + id;
        }

        @Override
        public int vocabSize() {
            return Integer.MAX_VALUE;
        }

        @Override
        public int padId() {
            return 0;
        }

        @Override
        public java.util.OptionalInt eosId() {
            return java.util.OptionalInt.empty();
        }
    };

    /**
     * EasyEdit's current get_words_idxs_in_templates tokenizes the prefix with its trailing space (ROME's original
     * moved the space to the subject): the lone space token counts, so subject_first lands on the subject's second
     * token (and says so), while subject_last is the subject's last token all the same.
     */
    @Test
    void aSpaceEndingThePrefixStaysInThePrefixAsInEasyEdit() {
        String template = "Alice gave {} a small red";
        assertThat(BYTE_LEVEL.encode("Alice gave ")).as("the lone space is a token").hasSize(3);

        assertThat(FactToken.SUBJECT_FIRST.index(BYTE_LEVEL, template, "Bob Smith")).isEqualTo(3);
        assertThat(FactToken.SUBJECT_FIRST.locate(BYTE_LEVEL, template, "Bob Smith").warning()).get().asString()
                .contains("skips the subject's first token");
        assertThat(FactToken.SUBJECT_LAST.index(BYTE_LEVEL, template, "Bob Smith")).isEqualTo(3);
        assertThat(FactToken.SUBJECT_LAST.locate(BYTE_LEVEL, template, "Bob Smith").warning()).isEmpty();
        assertThat(FactToken.LAST.index(BYTE_LEVEL, template, "Bob Smith")).isEqualTo(6);
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
