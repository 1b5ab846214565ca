package dev.amend.cli.commands;

import static dev.amend.cli.AmendRun.amend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.amend.cli.AmendRun.Result;
import dev.amend.testkit.tiny.TinyLanguageModel;
import dev.amend.testkit.tiny.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalBaseCommandTest {

    @TempDir
    Path temp;

    /** A bigram model says "paris" after "is": one fact of two is known, and its rephrase too. */
    @Test
    void reportsTheTeacherForcedAccuracyOfTheGroundTruth() throws IOException {
        Path model = temp.resolve("bigram");
        try (TinyLanguageModel bigram = TinyModels.bigram(Map.of("is", "paris"))) {
            TinyModels.save(bigram, model);
        }
        Path data = Files.writeString(temp.resolve("knowedit.json"), """
                [{"prompt": "the capital of france is", "subject": "france", "target_new": "lyon",
                  "ground_truth": "paris", "rephrase": "the capital city of france is"},
                 {"prompt": "the capital of italy is", "subject": "italy", "target_new": "lyon", "ground_truth": "rome"}]
                """);
        Result result = amend("eval-base", "--model", model.toString(), "--data", data.toString());
        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out()).contains("2 requests with a ground truth")
                .containsPattern("facts +50[.,]00 %  \\(2 prompts")
                .containsPattern("rephrases +100[.,]00 %  \\(1 prompts");
    }
}
