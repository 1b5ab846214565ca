package dev.amend.trainers.mend;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amend.registry.hparams.HParamsCodec;
import dev.amend.registry.hparams.InvalidHParamsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * EasyEdit's MEND files ({@code hparams/MEND}, {@code hparams/TRAINING/MEND}) read for {@code amend train --trainer
 * mend}: every text file says {@code shared: true} (one network per weight shape, with per-weight scale and shift),
 * which Amend's trainer does not offer, and is refused by that key, not by an unknown one; the multimodal ones are
 * refused as multimodal. Written with {@code shared: false} they load (the defaults are EasyEdit's).
 */
class MendTrainerEasyEditYamlTest {

    private static final HParamsCodec CODEC = new HParamsCodec();

    @Test
    void everyFileIsRefusedForWhatItAsksThatAmendDoesNotOffer() throws IOException {
        int files = 0;
        for (Path dir : List.of(Path.of("..", "spi-methods", "src", "test", "resources", "easyedit-yaml", "MEND"),
                Path.of("src", "test", "resources", "easyedit-yaml", "TRAINING", "MEND"))) {
            List<Path> yaml;
            try (Stream<Path> s = Files.list(dir)) {
                yaml = s.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            }
            for (Path file : yaml) {
                String text = Files.readString(file);
                var refusal = assertThatThrownBy(() -> CODEC.load(new MendTrainerProvider(), file))
                        .as(file.toString()).isInstanceOf(InvalidHParamsException.class);
                if (text.contains("\nname:")) {
                    refusal.hasMessageContaining("multimodal editing is not supported");
                } else {
                    refusal.hasMessageContaining("shared: true");
                }
                files++;
            }
        }
        Assertions.assertThat(files).isEqualTo(37);
    }

    @Test
    void withSharedFalseAnEasyEditFileLoads() throws IOException {
        String text = Files.readString(Path.of("src/test/resources/easyedit-yaml/TRAINING/MEND/gpt2-xl.yaml"))
                .replace("shared: true", "shared: false");
        MendTrainHParams h = CODEC.parse(new MendTrainerProvider(), text, "gpt2-xl, shared: false").hparams();
        Assertions.assertThat(h.rank()).isEqualTo(1920);
        Assertions.assertThat(h.editLr()).isEqualTo(1e-4);
        Assertions.assertThat(h.checkpointEvery()).isEqualTo(1000);
    }
}
