package dev.amend.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amend.api.HParams;
import dev.amend.api.Progress;
import dev.amend.api.ProviderKind;
import dev.amend.api.train.TrainerProvider;
import dev.amend.api.train.TrainingJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer contract, on top of the provider rules: a training job ends in an artifact directory, reports its
 * progress, and a run killed after a checkpoint resumes, when the same job is run again, to the same artifact as an
 * uninterrupted run. Subclass it with a small, fast job of your trainer.
 *
 * @param <H> the trainer's hparams
 */
public abstract class BaseTrainerContractTest<H extends HParams> extends BaseProviderContractTest<H, TrainerProvider<H>> {

    /** A scratch directory for the test's jobs. */
    @TempDir
    protected Path temp;

    @Override
    protected final ProviderKind kind() {
        return ProviderKind.TRAINER;
    }

    /**
     * {@return a small, fast job of {@link #exampleHParams()}'s trainer, writing to {@code outputDir} and reporting to
     * {@code progress}; every call with the same directory is the same job (same data, seed and hparams)}
     *
     * @param outputDir where the trainer writes (empty)
     * @param progress the progress the test watches
     * @throws IOException when the job's files cannot be made
     */
    protected abstract TrainingJob job(Path outputDir, Progress progress) throws IOException;

    /**
     * {@return after how many progress steps of {@link #job} a kill is simulated: after at least one checkpoint was
     * written and before the last step}
     */
    protected abstract long killAfter();

    /**
     * {@return the artifact's files (relative to the artifact directory) that a resumed run must write byte for byte
     * alike}
     */
    protected abstract List<String> deterministicFiles();

    private Path train(Path out, Progress progress) throws IOException {
        return provider().create(exampleHParams()).train(job(out, progress));
    }

    @Test
    void trainsToAnArtifactDirectoryAndReportsProgress() throws IOException {
        Recorder progress = new Recorder(0);
        Path artifact = train(temp.resolve("artifact"), progress);
        for (String file : deterministicFiles()) {
            assertThat(artifact.resolve(file)).as("artifact file " + file).isRegularFile();
        }
        assertThat(progress.total).as("the total steps the trainer announced").isPositive();
        assertThat(progress.done).as("steps reported done, against the total announced").isEqualTo(progress.total);
    }

    @Test
    void aKilledRunResumesFromItsCheckpointAndEndsAsAnUninterruptedOne() throws IOException {
        Path straight = train(temp.resolve("straight"), Progress.NONE);
        Path out = temp.resolve("resumed");
        assertThatThrownBy(() -> train(out, new Recorder(killAfter())))
                .as("the simulated kill after " + killAfter() + " steps").hasMessageContaining(Recorder.KILLED);
        Recorder again = new Recorder(0);
        Path resumed = train(out, again);
        assertThat(again.resumedFrom).as("steps the rerun found done (it resumed from a checkpoint)")
                .isPositive().isLessThanOrEqualTo(killAfter());
        for (String file : deterministicFiles()) {
            assertThat(Files.readAllBytes(resumed.resolve(file))).as(file + " of the resumed run")
                    .isEqualTo(Files.readAllBytes(straight.resolve(file)));
        }
    }

    /** Counts the steps of the trainer's tasks, and throws once {@code killAfter} are done (a simulated kill). */
    private static final class Recorder implements Progress {
        static final String KILLED = "simulated kill";
        private final long killAfter;
        private final List<String> labels = new ArrayList<>();
        long total;
        long done;
        long resumedFrom;

        Recorder(long killAfter) {
            this.killAfter = killAfter;
        }

        @Override
        public Task resume(String label, long steps, long alreadyDone) {
            resumedFrom += alreadyDone;
            Task task = begin(label, steps);
            task.advance(alreadyDone);
            return task;
        }

        @Override
        public Task begin(String label, long steps) {
            labels.add(label);
            total += steps;
            return new Task() {
                @Override
                public void advance(long n) {
                    done += n;
                    if (killAfter > 0 && done >= killAfter) {
                        throw new IllegalStateException(KILLED + " after " + done + " steps of " + labels);
                    }
                }

                @Override
                public void status(String text) {}

                @Override
                public void close() {}
            };
        }
    }
}
