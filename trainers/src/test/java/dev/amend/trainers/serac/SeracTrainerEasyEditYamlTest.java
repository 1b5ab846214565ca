package dev.amend.trainers.serac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amend.registry.hparams.HParamsCodec;
import dev.amend.registry.hparams.InvalidHParamsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * EasyEdit's SERAC files train as they are: both its editing files ({@code hparams/SERAC}, written down in
 * spi-methods' easyedit-yaml/SERAC) and its training files ({@code hparams/TRAINING/SERAC}, here under
 * easyedit-yaml/TRAINING/SERAC) load for {@code amend train --trainer serac} with their values, Amend's own keys
 * taken from the defaults; the multimodal ones are refused as such.
 */
class SeracTrainerEasyEditYamlTest {

    private static final HParamsCodec CODEC = new HParamsCodec();

    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    static boolean multimodal(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith("blip2") || name.startsWith("minigpt4");
    }

    @Test
    void editingAndTrainingFilesLoadForTheTrainer() throws IOException {
        int loaded = 0;
        for (Path dir : List.of(Path.of("..", "spi-methods", "src", "test", "resources", "easyedit-yaml", "SERAC"),
                Path.of("src", "test", "resources", "easyedit-yaml", "TRAINING", "SERAC"))) {
            for (Path file : files(dir)) {
                if (multimodal(file)) {
                    assertThatThrownBy(() -> CODEC.load(new SeracTrainerProvider(), file))
                            .isInstanceOf(InvalidHParamsException.class)
                            .hasMessageContaining("multimodal editing is not supported");
                    continue;
                }
                SeracTrainHParams h = CODEC.load(new SeracTrainerProvider(), file).hparams();
                assertThat(h.lr()).as(file.toString()).isEqualTo(1e-5);
                assertThat(h.square()).isTrue();
                assertThat(h.cos()).isFalse();
                assertThat(h.clsName()).endsWith("distilbert-base-cased");
                assertThat(h.editTemplate()).isEqualTo(SeracTrainHParams.EASYEDIT_TEMPLATE);
                assertThat(h.valRecords()).isZero();
                loaded++;
            }
        }
        assertThat(loaded).isEqualTo(10);
        SeracTrainHParams training = CODEC.load(new SeracTrainerProvider(),
                Path.of("src/test/resources/easyedit-yaml/TRAINING/SERAC/gpt2-xl.yaml")).hparams();
        assertThat(training.batchSize()).isEqualTo(10);
        assertThat(training.maxIters()).isEqualTo(100000);
    }
}
