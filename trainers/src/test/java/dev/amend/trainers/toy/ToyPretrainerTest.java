package dev.amend.trainers.toy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amend.api.Progress;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.api.train.TrainingJob;
import dev.amend.registry.AmendRuntime;
import dev.amend.trainers.common.Checkpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToyPretrainerTest {

    @TempDir
    Path temp;

    private final AmendRuntime runtime = AmendRuntime.create(null);

    private Path world() throws IOException {
        Path file = temp.resolve("world.json");
        ToyWorld.generate(1).write(file);
        return file;
    }

    /** Records status lines; optionally throws once {@code failAt} steps are done (a simulated kill). */
    private static Progress recording(List<String> statuses, int failAt) {
        return (label, total) -> new Progress.Task() {
            int done;

            @Override
            public void advance(long steps) {
                done += steps;
                if (failAt > 0 && done >= failAt) {
                    throw new IllegalStateException("killed at step " + done);
                }
            }

            @Override
            public void status(String text) {
                statuses.add(text);
            }

            @Override
            public void close() {}
        };
    }

    private Path train(Path out, Path world, Progress progress) throws IOException {
        return new ToyPretrainer(ToyPretrainerContractTest.small()).train(new TrainingJob(Optional.empty(), world, out, 3, runtime.models(),
                progress));
    }

    @Test
    void trainsALoadableGpt2WhoseLossFalls() throws IOException {
        List<String> statuses = new ArrayList<>();
        Path out = train(temp.resolve("model"), world(), recording(statuses, 0));
        assertThat(out.resolve("checkpoint")).doesNotExist();
        assertThat(statuses).hasSize(40);
        double first = Double.parseDouble(statuses.get(0).replaceAll("loss ([0-9.]+).*", "$1"));
        double last = Double.parseDouble(statuses.get(39).replaceAll("loss ([0-9.]+).*", "$1"));
        assertThat(last).isLessThan(first - 0.8);
        assertThat(statuses.get(19)).contains("facts").contains("(step 20)");
        assertThat(Files.readString(out.resolve("README.md"))).contains("held-out paraphrases")
                .contains("world seed 1");
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("figures.json").toFile())
                .get("core_facts").asDouble()).isBetween(0.0, 1.0);
        try (LanguageModel model = runtime.models().load(out, LoadOptions.cpu())) {
            assertThat(model.spec().modelType()).isEqualTo("gpt2");
            assertThat(model.spec().numLayers()).isEqualTo(1);
            assertThat(model.tokenizer().vocabSize()).isEqualTo(ToyWorld.generate(1).vocabulary().size());
            assertThat(model.tokenizer().encode(". kelo lives in")).hasSize(4);
        }
    }

    @Test
    void aMissingWorldIsGeneratedWithItsExports() throws IOException {
        Path data = temp.resolve("data");
        new ToyPretrainer(new ToyPretrainHParams(1, 16, 2, 2, 2, 32, 1e-3, 0.9, 0.98, 0.0, 1, 0.1, 1.0, 0.1, 0.3,
                2, 5.0, 0.05, 0.1, 0.2, 0, 0.02, 1, 1, 3, 5, "gelu")).train(new TrainingJob(Optional.empty(),
                data.resolve("world.json"), temp.resolve("m"), 0, runtime.models(), Progress.NONE));
        for (String file : ToyExports.FILES) {
            assertThat(data.resolve(file)).exists();
        }
        assertThat(ToyWorld.read(data.resolve("world.json"))).isEqualTo(ToyWorld.generate(5));
    }

    @Test
    void aCheckpointOfOtherHParamsIsRefused() throws IOException {
        Path world = world();
        Path killed = temp.resolve("killed");
        assertThatThrownBy(() -> train(killed, world, recording(new ArrayList<>(), 25)))
                .hasMessageContaining("killed at step 25");
        assertThat(Checkpoints.step(killed.resolve("checkpoint"), ToyPretrainerContractTest.small())).isEqualTo(20);
        ToyPretrainHParams otherSeed = new ToyPretrainHParams(1, 32, 2, 40, 8, 32, 3e-3, 0.9, 0.98, 0.01, 5, 0.1, 1.0,
                0.1, 0.3, 2, 5.0, 0.05, 0.1, 0.2, 10, 0.02, 10, 20, 4, 1, "gelu");
        assertThatThrownBy(() -> new ToyPretrainer(otherSeed).train(new TrainingJob(Optional.empty(), world, killed,
                3, runtime.models(), Progress.NONE)))
                .hasMessageContaining("checkpoint in " + killed.resolve("checkpoint"))
                .hasMessageContaining("other hparams").hasMessageContaining("seed=4");
    }
}
