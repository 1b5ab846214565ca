package dev.amend.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amend.api.InvalidInputException;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.registry.AmendRuntime;
import dev.amend.testkit.tiny.TinyLanguageModel;
import dev.amend.testkit.tiny.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime picks the adapter by config.json's model_type. */
class ModelLoadingTest {

    @TempDir
    Path temp;

    private final AmendRuntime runtime = AmendRuntime.create(null);

    @Test
    void loadsADirectoryWithTheAdapterOfItsModelType() throws IOException {
        Path dir = temp.resolve("model");
        String fingerprint;
        try (TinyLanguageModel model = TinyModels.random(4)) {
            TinyModels.save(model, dir);
            fingerprint = model.weights().fingerprint();
        }
        try (LanguageModel loaded = runtime.models().load(dir, LoadOptions.cpu())) {
            assertThat(loaded.spec().modelType()).isEqualTo("amend-tiny");
            assertThat(loaded.weights().fingerprint()).isEqualTo(fingerprint);
        }
    }

    @Test
    void badDirectoriesNameTheFileAndTheProblem() throws IOException {
        Path missing = temp.resolve("nothing");
        assertThatThrownBy(() -> runtime.models().load(missing, LoadOptions.cpu()))
                .isInstanceOf(InvalidInputException.class).hasMessage("model directory " + missing + " does not exist");

        Path empty = Files.createDirectories(temp.resolve("empty"));
        assertThatThrownBy(() -> runtime.models().load(empty, LoadOptions.cpu()))
                .hasMessage(empty.resolve("config.json") + " is missing: expected a HuggingFace model directory");

        Path broken = Files.createDirectories(temp.resolve("broken"));
        Files.writeString(broken.resolve("config.json"), "{\"model_type\": ");
        assertThatThrownBy(() -> runtime.models().load(broken, LoadOptions.cpu()))
                .hasMessageStartingWith(broken.resolve("config.json") + ": not valid JSON");

        Path unknown = Files.createDirectories(temp.resolve("unknown"));
        Files.writeString(unknown.resolve("config.json"), "{\"model_type\": \"amend-tiyn\"}");
        assertThatThrownBy(() -> runtime.models().load(unknown, LoadOptions.cpu()))
                .hasMessage("no model adapter loads model_type 'amend-tiyn' (did you mean 'amend-tiny'?); "
                        + "model types served: amend-tiny");
    }
}
