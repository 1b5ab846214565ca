package dev.amend.tutorials;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** docs/tutorials/01-getting-started.md: its program, run as the page says, prints what the page shows. */
class GettingStartedTest {

    @Test
    void editsTheFirstHeldOutFactWithRomeAndRevertsBitForBit() throws Exception {
        String out = TutorialProgram.run("GettingStarted");

        assertThat(out.lines()).containsExactly(
                "loaded gpt2 with 4 layers",
                "edit: . safa gusag competes in -> fencing (the model says hockey)",
                "before: {counterfact.efficacy=0.0, counterfact.neighborhood=1.0, counterfact.paraphrase=0.0, "
                        + "generalization=0.0, locality=1.0, reliability=0.0}",
                "after:  {counterfact.efficacy=1.0, counterfact.neighborhood=1.0, counterfact.paraphrase=1.0, "
                        + "generalization=1.0, locality=1.0, reliability=1.0}",
                ". safa gusag competes in -> fencing . the",
                ". the sport safa gusag loves is -> fencing . the",
                "reverted bit for bit: true");
    }
}
