package dev.amend.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.InvalidRequestException;
import dev.amend.api.edit.Probe;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Requests read and written as JSON with EasyEdit's snake_case keys. */
class EditRequestJsonTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void readsSnakeCaseKeysAndKnowEditStyleLocalityAnswers() throws Exception {
        EditRequest r = json.readValue("""
                {"prompt": "The capital of {} is", "subject": "France", "target_new": "Lyon", "ground_truth": "Paris",
                 "rephrase_prompts": ["France's capital is"],
                 "locality": {"neighborhood": [{"prompt": "The capital of Spain is", "ground_truth": "Madrid"}]},
                 "portability": {"one_hop": [{"prompt": "Lyon's country is", "answer": "France"}]}}
                """, EditRequest.class);
        assertThat(r.targetNew()).isEqualTo("Lyon");
        assertThat(r.groundTruth()).isEqualTo("Paris");
        assertThat(r.localityProbes().get("neighborhood")).containsExactly(new Probe("The capital of Spain is", "Madrid"));
        assertThat(json.readValue(json.writeValueAsString(r), EditRequest.class)).isEqualTo(r);
    }

    @Test
    void aMissingFieldNamesIt() {
        assertThatThrownBy(() -> json.readValue("{\"prompt\": \"The capital of {} is\", \"subject\": \"France\"}",
                EditRequest.class))
                .isInstanceOf(ValueInstantiationException.class)
                .cause().isInstanceOf(InvalidRequestException.class)
                .hasMessage("field 'target_new': is missing: expected a non-empty string");
    }

    @Test
    void writesNoNullsAndKeepsTheKeys() throws Exception {
        String text = json.writeValueAsString(EditRequest.of("p {}", "s", "t").withRephrases(List.of("r")));
        assertThat(text).isEqualTo("{\"prompt\":\"p {}\",\"subject\":\"s\",\"target_new\":\"t\","
                + "\"rephrase_prompts\":[\"r\"],\"locality\":{},\"portability\":{}}");
    }
}
