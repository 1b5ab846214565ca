package dev.amend.examples.ft;

import static org.assertj.core.api.Assertions.assertThat;

import dev.amend.api.edit.EditRequest;
import dev.amend.registry.EditOutcome;
import dev.amend.registry.Editor;
import dev.amend.registry.RequestScores;
import dev.amend.testkit.tiny.TinyFacts;
import dev.amend.testkit.tiny.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EasyEdit's flow, {@code BaseEditor.from_hparams(hparams).edit(...)}, through the Editor facade. */
class EditorTest {

    @TempDir
    Path temp;

    @Test
    void fromHParamsLoadsTheModelNamedInTheFileEditsAndMeasures() throws IOException {
        Path modelDir = temp.resolve("tiny-model");
        try (var model = TinyModels.random(7)) {
            TinyModels.save(model, modelDir);
        }
        Path hparams = temp.resolve("tiny.yaml");
        Files.writeString(hparams, Files.readString(Path.of("hparams/tiny.yaml")) + "model_name: " + modelDir + "\n");
        EditRequest request = TinyFacts.requests().get(0);

        try (Editor editor = Editor.fromHParams(hparams)) {
            assertThat(editor.ignoredKeys()).containsExactly("device");
            String before = editor.model().weights().fingerprint();
            EditOutcome outcome = editor.edit(List.of(request));
            RequestScores scores = outcome.scores().get(0);
            assertThat(scores.pre()).containsKeys("reliability", "generalization", "locality", "portability");
            assertThat(scores.pre().get("reliability")).isZero();
            assertThat(scores.post().get("reliability")).isEqualTo(1.0);
            assertThat(scores.pre().get("locality")).as("the unedited model agrees with itself").isEqualTo(1.0);
            assertThat(outcome.applyTime()).isPositive();
            outcome.edit().close();
            assertThat(editor.model().weights().fingerprint()).isEqualTo(before);
        }
    }
}
