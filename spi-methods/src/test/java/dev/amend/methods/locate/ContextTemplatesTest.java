package dev.amend.methods.locate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.amend.testkit.tiny.TinyLanguageModel;
import dev.amend.testkit.tiny.TinyModels;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContextTemplatesTest {

    record Settings(List<List<Integer>> contextTemplateLengthParams, List<String> contextTemplateSeeds,
                    String contextTemplatesAt) implements ContextHParams {}

    /** EasyEdit: {@code context_template_length_params: []} leaves only the bare prompt. */
    @Test
    void anEmptyListMeansTheBarePromptOnly() {
        try (TinyLanguageModel model = TinyModels.random(11)) {
            ContextTemplates.Templates templates = ContextTemplates.of(model, new Settings(List.of(), null, null), 0);
            assertThat(templates.groups()).containsExactly(List.of("{}"));
            assertThat(templates.around("the capital of {} is")).containsExactly("the capital of {} is");
        }
    }

    /** [[5, 10]]: n_gen / 5 = 2 texts from each of EasyEdit's 5 seed words, each turned into "text. {}". */
    @Test
    void eachLengthPairAddsAGroupOfGeneratedPrefixesOfThePrompt() {
        try (TinyLanguageModel model = TinyModels.random(11)) {
            ContextTemplates.Templates templates = ContextTemplates.of(model,
                    new Settings(List.of(List.of(5, 10)), null, null), 0);
            assertThat(templates.groups()).hasSize(2);
            assertThat(templates.groups().get(1)).hasSize(10).allMatch(t -> t.endsWith(". {}"));
            List<String> prompts = templates.around("the capital of {} is");
            assertThat(prompts).hasSize(11).startsWith("the capital of {} is")
                    .allMatch(p -> p.endsWith("the capital of {} is"));
        }
    }

    /** context_templates_at: subject puts the same texts, without their seed word, right before the subject. */
    @Test
    void atTheSubjectTheTextsGoBeforeTheSubjectWithoutTheirSeed() {
        try (TinyLanguageModel model = TinyModels.random(11)) {
            List<String> seeds = List.of("the", "of");
            List<String> atPrompt = ContextTemplates.of(model, new Settings(List.of(List.of(4, 6)), seeds, "prompt"), 0)
                    .groups().get(1);
            ContextTemplates.Templates atSubject = ContextTemplates.of(model,
                    new Settings(List.of(List.of(4, 6)), seeds, "subject"), 0);
            assertThat(atPrompt).hasSize(6);
            for (int i = 0; i < atPrompt.size(); i++) {
                String text = atPrompt.get(i).substring(0, atPrompt.get(i).length() - ". {}".length());
                String seed = seeds.get(i / 3);
                assertThat(text).startsWith(seed);
                assertThat(atSubject.groups().get(1).get(i)).isEqualTo(text.substring(seed.length()).strip() + " {}");
            }
            assertThat(atSubject.around(". {} lives in").get(1))
                    .isEqualTo(". " + atSubject.groups().get(1).get(0).replace("{}", "{} lives in"));
        }
    }
}
