package dev.amend.cli.commands;

import static dev.amend.cli.AmendRun.amend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.amend.cli.AmendRun.Result;
import dev.amend.cli.AmendRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code amend quickstart} on the embedded toy model: ROME's toy preset moves the edited fact and its held-out
 * paraphrase, leaves the neighbour's fact alone, and the revert restores the weights bit for bit. This guards the
 * preset's location (the last token, layer 3): keyed at the subject the paraphrase stays "hockey".
 */
class QuickstartCommandTest {

    @TempDir
    Path home;

    @Test
    void editsGeneralizesKeepsTheNeighbourAndRevertsBitForBit() {
        String before = System.getProperty("amend.home");
        System.setProperty("amend.home", home.toString());   // the statistics cache goes under the temporary home
        Result result;
        try {
            result = amend("quickstart", "--model", AmendRun.TOY.toAbsolutePath().toString());
        } finally {
            if (before == null) {
                System.clearProperty("amend.home");
            } else {
                System.setProperty("amend.home", before);
            }
        }
        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("Edit: \". safa gusag competes in\" -> fencing (was hockey)")
                .containsPattern("edit prompt +\\. safa gusag competes in\\n +before: hockey .*\\n +after: +fencing ")
                .containsPattern("rephrase \\(generalization\\) +\\. the sport safa gusag loves is\\n +before: hockey"
                        + " .*\\n +after: +fencing ")
                .containsPattern("locality: neighborhood +\\. safa mazin competes in\\n +before: tennis .*\\n"
                        + " +after: +tennis .*\\(unchanged\\)")
                .containsPattern("reliability +0\\.0 +100\\.0")
                .containsPattern("generalization +0\\.0 +100\\.0")
                .contains("Reverted: the weights' fingerprint equals the original's (bit for bit).");
    }
}
