package dev.amend.api.edit;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A prompt and the answer expected after it: locality probes (answers that must not change) and portability probes
 * (answers that should follow from the edit).
 *
 * @param prompt the prompt
 * @param answer the expected answer (EasyEdit's files also call it {@code ground_truth})
 */
public record Probe(@JsonProperty("prompt") String prompt,
                    @JsonProperty("answer") @JsonAlias("ground_truth") String answer) {

    /**
     * Checks that prompt and answer are given.
     *
     * @param prompt the prompt
     * @param answer the expected answer
     */
    public Probe {
        EditRequest.requireText("prompt", prompt);
        EditRequest.requireText("answer", answer);
    }
}
