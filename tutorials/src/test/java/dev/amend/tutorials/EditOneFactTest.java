package dev.amend.tutorials;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** README.md's Java example, run as the README's reader would run it, prints the scores after the edit. */
class EditOneFactTest {

    @Test
    void editsOneFactWithRomeAndPrintsItsScores() throws Exception {
        assertThat(TutorialProgram.run("EditOneFact").lines()).containsExactly(
                "after: {counterfact.efficacy=1.0, counterfact.neighborhood=1.0, counterfact.paraphrase=1.0, "
                        + "generalization=1.0, locality=1.0, reliability=1.0}");
    }
}
