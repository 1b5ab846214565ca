package dev.amend.examples.ft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amend.api.InvalidInputException;
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

    @Test
    void aMistypedMethodOrAMissingModelIsNamedBeforeAnyWork() throws IOException {
        Path typo = Files.writeString(temp.resolve("typo.yaml"), "alg_name: constrained-fft\nlayers: [1]\n");
        assertThatThrownBy(() -> Editor.fromHParams(typo))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown edit method 'constrained-fft' (did you mean 'constrained-ft'?)");
        Path noModel = Files.writeString(temp.resolve("no-model.yaml"), "alg_name: constrained-ft\n");
        assertThatThrownBy(() -> Editor.fromHParams(noModel))
                .hasMessage(noModel + ": model_name is missing; give the model directory there or pass a loaded model");
        Path badKey = Files.writeString(temp.resolve("bad.yaml"), "alg_name: constrained-ft\nlrr: 1\n");
        assertThatThrownBy(() -> Editor.fromHParams(badKey))
                .hasMessage(badKey + ": unknown key 'lrr' for constrained-ft (did you mean 'lr'?); valid keys: layers, "
                        + "lr, norm_constraint, num_steps, objective_optimization, rewrite_module_tmp, weight_decay");
    }
}
