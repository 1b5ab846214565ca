package dev.amend.cli;

import dev.amend.harness.HParamsChoice;
import dev.amend.api.HParams;
import dev.amend.api.train.TrainerProvider;
import dev.amend.api.train.TrainingJob;
import dev.amend.harness.ConsoleProgress;
import dev.amend.registry.AmendRuntime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** What {@code train} and {@code pretrain-toy} share: configure a trainer from defaults, a file and overrides, run it. */
final class TrainerRun {

    private TrainerRun() {}

    /**
     * @param hparamsFile hparams YAML, or null for the trainer's defaults
     * @param overrides   key → YAML value, applied last
     * @return the artifact directory
     */
    static Path run(AmendRuntime runtime, String trainer, Path data, Path out, Path model, Path hparamsFile,
                    Map<String, String> overrides, long seed) throws IOException {
        return run(runtime, runtime.providers().trainer(trainer), data, out, model, hparamsFile, overrides, seed);
    }

    private static <H extends HParams> Path run(AmendRuntime runtime, TrainerProvider<H> provider, Path data, Path out,
                                                Path model, Path hparamsFile, Map<String, String> overrides,
                                                long seed) throws IOException {
        H h = HParamsChoice.configure(runtime.hparams(), provider, hparamsFile, null, overrides);
        Optional<Path> base = Optional.ofNullable(model).or(() -> hparamsFile == null ? Optional.empty()
                : runtime.hparams().header(hparamsFile).modelName().map(Path::of));
        TrainingJob job = new TrainingJob(base, data, out, seed, runtime.models(),
                ConsoleProgress.forStandardError());
        return provider.create(h).train(job);
    }
}
