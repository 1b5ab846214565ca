package dev.amend.harness.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amend.api.InvalidInputException;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.InvalidRequestException;
import dev.amend.api.edit.Probe;
import dev.amend.trainers.toy.ToyExports;
import dev.amend.trainers.toy.ToyWorld;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each schema: a self-written record in the public schema, and the toy world's export. */
class EditDatasetsTest {

    @TempDir
    static Path toy;

    @TempDir
    Path temp;

    @BeforeAll
    static void exportTheToyWorld() throws IOException {
        ToyExports.write(ToyWorld.generate(1), toy);
    }

    private Path file(String json) throws IOException {
        return Files.writeString(temp.resolve("data.json"), json);
    }

    @Test
    void zsreInMendsSplit() throws IOException {
        List<EditRequest> requests = EditDatasets.read(file("""
                [{"subject": "Watts Humphrey", "src": "What university did Watts Humphrey attend?",
                  "pred": "Trinity College", "rephrase": "What university did Watts Humphrey take part in?",
                  "alt": "University of Michigan", "answers": ["Illinois Institute of Technology"],
                  "loc": "nq question: who played desmond doss father in hacksaw ridge", "loc_ans": "Hugo Weaving",
                  "cond": "Trinity College >> University of Michigan || What university did Watts Humphrey attend?"}]
                """));
        EditRequest r = requests.get(0);
        assertThat(r.prompt()).isEqualTo("What university did Watts Humphrey attend?");
        assertThat(r.targetNew()).isEqualTo("University of Michigan");
        assertThat(r.groundTruth()).isEqualTo("Illinois Institute of Technology");
        assertThat(r.rephrasePrompts()).containsExactly("What university did Watts Humphrey take part in?");
        assertThat(r.localityProbes()).containsEntry("neighborhood",
                List.of(new Probe("nq question: who played desmond doss father in hacksaw ridge", "Hugo Weaving")));

        List<EditRequest> eval = EditDatasets.read(toy.resolve("zsre_mend_eval.json"));
        List<EditRequest> train = EditDatasets.read(toy.resolve("zsre_mend_train.json"));
        assertThat(eval).hasSize(200).allSatisfy(e -> {
            assertThat(e.rephrasePrompts()).hasSize(1);
            assertThat(e.localityProbes().get("neighborhood")).hasSize(1);
            assertThat(e.prompt()).startsWith(". ");
        });
        assertThat(train).hasSize(1000);
        assertThat(eval.stream().map(EditRequest::subject)).doesNotContainAnyElementsOf(
                train.stream().map(EditRequest::subject).toList());
        assertThat(eval).filteredOn(e -> !e.portabilityProbes().isEmpty()).isNotEmpty().allSatisfy(e -> {
            assertThat(e.prompt()).containsAnyOf(" lives in", " is a resident of", "the city where ");
            assertThat(e.portabilityProbes().get("one_hop").get(0).prompt()).contains("the home country of");
        });
    }

    /** EasyEdit's ZsRE file with portability: the MEND keys plus {@code portability: {New Question, New Answer}}. */
    @Test
    void zsreWithEasyEditsPortabilityQuestion() throws IOException {
        EditRequest r = EditDatasets.read(file("""
                [{"subject": "Watts Humphrey", "src": "What university did Watts Humphrey attend?",
                  "pred": "Trinity College", "rephrase": "What university did Watts Humphrey take part in?",
                  "alt": "University of Michigan", "answers": ["Illinois Institute of Technology"],
                  "loc": "nq question: who played desmond doss father in hacksaw ridge", "loc_ans": "Hugo Weaving",
                  "cond": "Trinity College >> University of Michigan || What university did Watts Humphrey attend?",
                  "portability": {"New Question": "In which state is the university Watts Humphrey attended?",
                                  "New Answer": "Michigan"}}]
                """)).get(0);
        assertThat(r.portabilityProbes()).containsExactly(Map.entry("one_hop",
                List.of(new Probe("In which state is the university Watts Humphrey attended?", "Michigan"))));
        assertThatThrownBy(() -> EditDatasets.read(file("""
                {"subject": "a", "src": "a b", "alt": "c", "answers": ["d"], "portability": {"New Question": "a e"}}
                """))).hasMessageContaining("record 0").hasMessageContaining("portability.New Answer")
                .hasMessageContaining("is missing: expected a string");
    }

    @Test
    void counterFact() throws IOException {
        List<EditRequest> requests = EditDatasets.read(file("""
                [{"case_id": 0, "pararel_idx": 2796,
                  "requested_rewrite": {"prompt": "The mother tongue of {} is", "relation_id": "P103",
                    "target_new": {"str": "English", "id": "Q1860"}, "target_true": {"str": "French", "id": "Q150"},
                    "subject": "Danielle Darrieux"},
                  "paraphrase_prompts": ["Shayna does this and Yossel goes still and dies. Danielle Darrieux, a native"],
                  "neighborhood_prompts": ["The mother tongue of Léon Blum is", "The native language of Montesquieu is"],
                  "attribute_prompts": ["J. R. R. Tolkien is a native speaker of"],
                  "generation_prompts": ["Danielle Darrieux's mother tongue is"]}]
                """));
        EditRequest r = requests.get(0);
        assertThat(r.filledPrompt()).isEqualTo("The mother tongue of Danielle Darrieux is");
        assertThat(r.targetNew()).isEqualTo("English");
        assertThat(r.groundTruth()).isEqualTo("French");
        assertThat(r.localityProbes().get("neighborhood")).containsExactly(
                new Probe("The mother tongue of Léon Blum is", "French"),
                new Probe("The native language of Montesquieu is", "French"));

        List<EditRequest> exported = EditDatasets.read(toy.resolve("counterfact.json"));
        assertThat(exported).hasSize(200).allSatisfy(e -> {
            assertThat(e.prompt()).contains("{}");
            assertThat(e.rephrasePrompts()).hasSize(2);
        });
    }

    @Test
    void knowEdit() throws IOException {
        List<EditRequest> requests = EditDatasets.read(file("""
                [{"subject": "Leonardo Mascaro", "prompt": "Leonardo Mascaro is a citizen of", "target_new": "Italy",
                  "ground_truth": ["Argentina"], "rephrase": "Leonardo Mascaro holds citizenship of",
                  "portability": {"Reasoning": [{"prompt": "The currency of the country Leonardo Mascaro is a citizen of is",
                                                 "ground_truth": [["Euro", "EUR"]]}]},
                  "locality": {"Relation_Specificity": [{"prompt": "The occupation of Leonardo Mascaro is",
                                                         "ground_truth": "footballer"}]}}]
                """));
        EditRequest r = requests.get(0);
        assertThat(r.groundTruth()).isEqualTo("Argentina");
        assertThat(r.portabilityProbes().get("Reasoning")).containsExactly(
                new Probe("The currency of the country Leonardo Mascaro is a citizen of is", "Euro"));
        assertThat(r.localityProbes()).containsOnlyKeys("Relation_Specificity");

        List<EditRequest> exported = EditDatasets.read(toy.resolve("knowedit.json"));
        assertThat(exported).hasSize(200).allSatisfy(e -> {
            assertThat(e.localityProbes()).containsKeys("Relation_Specificity", "Neighborhood");
            assertThat(e.localityProbes().get("Relation_Specificity")).hasSize(4);
        });
        assertThat(exported.stream().filter(e -> e.portabilityProbes().containsKey("Reasoning"))).isNotEmpty();
    }

    @Test
    void mquake() throws IOException {
        List<EditRequest> requests = EditDatasets.read(file("""
                [{"case_id": 1,
                  "requested_rewrite": [{"prompt": "{} is a citizen of", "relation_id": "P27",
                    "target_new": {"str": "Croatia", "id": "Q224"}, "target_true": {"str": "United States of America",
                    "id": "Q30"}, "subject": "Ellie Kemper", "question": "What is the country of citizenship of Ellie Kemper?"}],
                  "questions": ["What is the name of the current head of state in Ellie Kemper's country of citizenship?"],
                  "answer": "Joe Biden", "answer_alias": [], "new_answer": "Kolinda Grabar-Kitarović",
                  "new_answer_alias": []}]
                """));
        EditRequest r = requests.get(0);
        assertThat(r.filledPrompt()).isEqualTo("Ellie Kemper is a citizen of");
        assertThat(r.portabilityProbes().get("multi_hop")).extracting(Probe::answer)
                .containsExactly("Kolinda Grabar-Kitarović");

        List<EditRequest> exported = EditDatasets.read(toy.resolve("mquake.json"));
        assertThat(exported).hasSize(200).allSatisfy(e ->
                assertThat(e.portabilityProbes().get("multi_hop").get(0).prompt()).contains("home country"));
    }

    @Test
    void aRecordWithAMissingFieldIsNamedWithItsIndex() throws IOException {
        Path bad = file("""
                {"subject": "A", "src": "A is in", "alt": "B", "answers": ["C"]}
                {"subject": "D", "src": "D is in", "answers": ["C"]}
                """);
        assertThatThrownBy(() -> EditDatasets.read(bad))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage(bad + ": record 1: field 'alt': is missing: expected a string");
        Path wrongSubject = file("""
                [{"prompt": "The capital of {} is", "subject": "France", "target_new": "Lyon"},
                 {"prompt": "The capital of Spain is", "subject": "France", "target_new": "Lyon"}]
                """);
        assertThatThrownBy(() -> EditDatasets.read(wrongSubject))
                .hasMessage(wrongSubject + ": record 1: field 'subject': 'France' does not occur in prompt "
                        + "'The capital of Spain is'");
    }

    @Test
    void malformedJsonAndUnknownSchemasAreNamed() throws IOException {
        Path truncated = file("[{\"subject\": \"A\", \"src\": ");
        assertThatThrownBy(() -> EditDatasets.read(truncated)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(truncated + ": record 0 (line 1): not valid JSON");
        Path unknown = file("[{\"question\": \"q\", \"answer\": \"a\"}]");
        assertThatThrownBy(() -> EditDatasets.read(unknown))
                .hasMessageContaining("record 0 matches no known data set schema (keys [question, answer])");
        assertThatThrownBy(() -> EditDatasets.read(temp.resolve("absent.json")))
                .hasMessageContaining("absent.json does not exist");
    }
}
