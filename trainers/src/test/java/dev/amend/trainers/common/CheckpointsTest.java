package dev.amend.trainers.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {

    private static final String HPARAMS = "hparams(lr=0.1)";

    @TempDir
    Path dir;

    @Test
    void discardLeavesNothingBehind() throws IOException {
        Path checkpoint = dir.resolve("checkpoint");
        Checkpoints.start(checkpoint, HPARAMS, d -> Files.writeString(d.resolve("tokenizer.json"), "{}"));

        Checkpoints.discard(checkpoint);

        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void whatAKillDuringDiscardLeavesIsStartedOverNotResumed() throws IOException {
        Path checkpoint = dir.resolve("checkpoint");
        Checkpoints.start(checkpoint, HPARAMS, d -> Files.writeString(d.resolve("tokenizer.json"), "{}"));
        Checkpoints.writeState(checkpoint, HPARAMS, 40, 0.5);
        Files.writeString(checkpoint.resolve("optimizer.safetensors"), "left by the killed run");
        Files.delete(checkpoint.resolve("state.json"));   // discard's first step, then the kill

        int step = Checkpoints.start(checkpoint, HPARAMS, d -> Files.writeString(d.resolve("tokenizer.json"), "{}"));

        assertThat(step).isZero();
        try (Stream<Path> files = Files.list(checkpoint)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("tokenizer.json",
                    "state.json");
        }
    }
}
