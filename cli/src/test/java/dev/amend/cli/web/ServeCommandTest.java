package dev.amend.cli.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.amend.cli.AmendRun;
import org.junit.jupiter.api.Test;

/** {@code amend serve}'s limits must each allow at least one: zero would refuse every visitor or connection. */
class ServeCommandTest {

    @Test
    void aLimitBelowOneIsBadInput() {
        for (String option : new String[] {"--idle-minutes", "--max-sessions", "--sessions-per-address",
            "--read-timeout-seconds", "--max-connections"}) {
            AmendRun.Result result = AmendRun.amend("serve", option, "0");
            assertThat(result.status()).as(result.err()).isEqualTo(2);
            assertThat(result.err()).contains("amend: error: " + option + " 0: expected a whole number of at least 1")
                    .doesNotContain("Exception");
        }
    }
}
