package dev.amend.api.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amend.api.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class EditRequestTest {

    @Test
    void fillsTheSubjectIntoATemplatePrompt() {
        EditRequest r = EditRequest.of("The capital of {} is", "France", "Lyon");
        assertThat(r.filledPrompt()).isEqualTo("The capital of France is");
        assertThat(EditRequest.of("The capital of France is", "France", "Lyon").filledPrompt())
                .isEqualTo("The capital of France is");
        assertThat(r.rephrasePrompts()).isEmpty();
        assertThat(r.localityProbes()).isEmpty();
    }

    @Test
    void theSubjectMustOccurInThePrompt() {
        assertThatThrownBy(() -> EditRequest.of("The capital of Spain is", "France", "Lyon"))
                .isInstanceOf(InvalidRequestException.class)
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("field 'subject': 'France' does not occur in prompt 'The capital of Spain is'");
    }

    @Test
    void requiredFieldsMustBeNonBlank() {
        assertThatThrownBy(() -> EditRequest.of("The capital of {} is", "France", " "))
                .hasMessage("field 'target_new': is blank: expected a non-empty string");
        assertThatThrownBy(() -> EditRequest.of(null, "France", "Lyon"))
                .hasMessage("field 'prompt': is missing: expected a non-empty string");
        assertThatThrownBy(() -> EditRequest.of("p {}", "x", "y").withRephrases(List.of("ok", "")))
                .hasMessage("field 'rephrase_prompts[1]': is blank: expected a non-empty string");
        assertThatThrownBy(() -> EditRequest.of("p {}", "x", "y").withLocality("nearby", List.of()))
                .hasMessage("field 'locality.nearby': is empty: expected a list of {prompt, answer}");
    }

    @Test
    void errorsCanBePlacedAtARecordOfAFile() {
        InvalidRequestException e = new InvalidRequestException("subject", "is missing");
        InvalidRequestException placed = e.at(41, "zsre_eval.json");
        assertThat(placed).hasMessage("zsre_eval.json: record 41: field 'subject': is missing");
        assertThat(placed.record()).isEqualTo(41);
        assertThat(placed.field()).isEqualTo("subject");
    }

    @Test
    void probesAreValuesAndGroupsKeepTheirOrder() {
        EditRequest r = EditRequest.of("The capital of {} is", "France", "Lyon")
                .withLocality("b", List.of(new Probe("q1", "a1")))
                .withLocality("a", List.of(new Probe("q2", "a2")));
        assertThat(r.localityProbes().keySet()).containsExactly("b", "a");
        assertThat(r.localityProbes().get("a")).containsExactly(new Probe("q2", "a2"));
        assertThatThrownBy(() -> new Probe("q", "")).hasMessage("field 'answer': is blank: expected a non-empty string");
    }
}
