package dev.amend.trainers.common;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.amend.toolkit.io.AtomicFiles;
import dev.amend.toolkit.io.FileTrees;
import dev.amend.toolkit.io.Safetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Training checkpoints that a kill cannot leave half-written: a directory of weights ({@code model.safetensors}),
 * optimizer state ({@code optimizer.safetensors}) and {@code state.json} (step, last loss, the hparams that made it),
 * written beside the current one and swapped in. Shared by Amend's trainers.
 */
public final class Checkpoints {

    /** The weights' file in a checkpoint (and in a model directory). */
    public static final String WEIGHTS = "model.safetensors";
    /** The optimizer state's file in a checkpoint. */
    public static final String OPTIMIZER = "optimizer.safetensors";
    private static final String STATE = "state.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Checkpoints() {}

    /** Writes a checkpoint's {@code state.json}: its step, last loss and the hparams ({@code toString}) that made it. */
    public static void writeState(Path dir, Object hparams, int step, double loss) throws IOException {
        ObjectNode state = JSON.createObjectNode().put("step", step).put("loss", loss).put("hparams", hparams.toString());
        JSON.writeValue(dir.resolve(STATE).toFile(), state);
    }

    /** Whether {@code checkpoint} holds a complete checkpoint. */
    public static boolean exists(Path checkpoint) {
        return Files.exists(checkpoint.resolve(STATE));
    }

    /**
     * The step recorded in a checkpoint directory, after checking that the checkpoint was made with {@code hparams} (a
     * run resumed with other settings would silently train a different recipe).
     *
     * @throws IllegalStateException naming both settings when they differ
     */
    public static int step(Path checkpoint, Object hparams) throws IOException {
        var state = JSON.readTree(checkpoint.resolve(STATE).toFile());
        String made = state.path("hparams").asText("");
        if (!made.equals(hparams.toString())) {
            throw new IllegalStateException("the checkpoint in " + checkpoint + " was made with other hparams:\n  "
                    + made + "\nnow:\n  " + hparams + "\nrerun with the same settings, or delete it to start over");
        }
        return state.get("step").asInt();
    }

    /** Writes a run's first files into a directory. */
    @FunctionalInterface
    public interface InitialFiles {
        void write(Path dir) throws IOException;
    }

    /**
     * Makes the checkpoint of step 0 unless {@code checkpoint} already holds one (a rerun resumes instead): the files
     * {@code first} writes, and the state, written beside it and swapped in whole. Returns the checkpoint's step,
     * checked against {@code hparams} as {@link #step} does.
     */
    public static int start(Path checkpoint, Object hparams, InitialFiles first) throws IOException {
        recover(checkpoint);
        if (!exists(checkpoint)) {
            AtomicFiles.replaceDirectory(checkpoint, staging -> {
                first.write(staging);
                writeState(staging, hparams, 0, Double.NaN);
            });
        }
        return step(checkpoint, hparams);
    }

    /**
     * Writes a complete checkpoint next to {@code checkpoint} (the files {@code carried} copied from the current one,
     * then weights, optimizer state and state) and swaps it in, so that a kill at any moment leaves either the old or
     * the new checkpoint whole ({@link #recover} puts the old one back when the kill fell between the two moves).
     */
    public static void save(Path checkpoint, List<String> carried, Map<String, NDArray> params,
                            Map<String, NDArray> optimizer, Object hparams, int step, double loss) throws IOException {
        AtomicFiles.replaceDirectory(checkpoint, staging -> {
            for (String file : carried) {
                Files.copy(checkpoint.resolve(file), staging.resolve(file));
            }
            Safetensors.write(staging.resolve(WEIGHTS), params);
            Safetensors.write(staging.resolve(OPTIMIZER), optimizer);
            writeState(staging, hparams, step, loss);
        });
    }

    /**
     * Deletes a checkpoint once the run's outputs hold its result: its state first, so that a kill part-way leaves
     * files that are no longer a checkpoint (a rerun then starts over, where resuming from half a checkpoint would
     * fail), then the rest. Call it before writing the file that marks the run's output complete, so that this marker
     * is the run's last write and a complete output never has a checkpoint beside it.
     */
    public static void discard(Path checkpoint) throws IOException {
        recover(checkpoint);
        Files.deleteIfExists(checkpoint.resolve(STATE));
        FileTrees.delete(checkpoint);
    }

    /** After a kill during {@link #save}'s swap only the old copy may be left: put it back, and drop stale stagings. */
    public static void recover(Path checkpoint) throws IOException {
        AtomicFiles.recoverDirectory(checkpoint);
    }
}
