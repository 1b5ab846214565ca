package dev.amend.methods.locate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.amend.testkit.tiny.TinyLanguageModel;
import dev.amend.testkit.tiny.TinyModels;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContextTemplatesTest {

    /** EasyEdit: {@code context_template_length_params: []} leaves only the bare prompt. */
    @Test
    void anEmptyListMeansTheBarePromptOnly() {
        try (TinyLanguageModel model = TinyModels.random(11)) {
            assertThat(ContextTemplates.of(model, List.of(), 0)).containsExactly("{}");
            assertThat(ContextTemplates.groups(model, List.of(), 0)).containsExactly(List.of("{}"));
        }
    }

    /** [[5, 10]]: n_gen / 5 = 2 texts from each of the 5 seed words, each turned into "text. {}". */
    @Test
    void eachLengthPairAddsAGroupOfGeneratedPrefixes() {
        try (TinyLanguageModel model = TinyModels.random(11)) {
            List<List<String>> groups = ContextTemplates.groups(model, List.of(List.of(5, 10)), 0);
            assertThat(groups).hasSize(2);
            assertThat(groups.get(0)).containsExactly("{}");
            assertThat(groups.get(1)).hasSize(10).allMatch(t -> t.endsWith(". {}"));
            assertThat(ContextTemplates.of(model, List.of(List.of(5, 10)), 0)).hasSize(11).startsWith("{}");
        }
    }
}
