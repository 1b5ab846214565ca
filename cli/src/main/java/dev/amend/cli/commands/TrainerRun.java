package dev.amend.cli.commands;

import dev.amend.api.HParams;
import dev.amend.api.Progress;
import dev.amend.api.train.TrainerProvider;
import dev.amend.api.train.TrainingJob;
import dev.amend.harness.HParamsChoice;
import dev.amend.registry.AmendRuntime;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** What {@code train} and {@code pretrain-toy} share: configure a trainer from defaults, a file and overrides, run it. */
final class TrainerRun {

    private final Provider<AmendRuntime> runtime;
    private final Progress progress;

    @Inject
    TrainerRun(Provider<AmendRuntime> runtime, Progress progress) {
        this.runtime = runtime;
        this.progress = progress;
    }

    /**
     * @param hparamsFile hparams YAML, or null for the trainer's defaults
     * @param overrides   key → YAML value, applied last
     * @return the artifact directory
     */
    Path run(String trainer, Path data, Path out, Path model, Path hparamsFile, Map<String, String> overrides,
             long seed) throws IOException {
        AmendRuntime amend = runtime.get();
        return run(amend, amend.providers().trainer(trainer), new TrainingJob(base(amend, model, hparamsFile), data,
                out, seed, amend.models(), progress), hparamsFile, overrides);
    }

    private static <H extends HParams> Path run(AmendRuntime amend, TrainerProvider<H> provider, TrainingJob job,
                                                Path hparamsFile, Map<String, String> overrides) throws IOException {
        H h = HParamsChoice.configure(amend.hparams(), provider, hparamsFile, null, overrides);
        return provider.create(h).train(job);
    }

    /** The base model: the one given, else the one the hparams file names, else none. */
    private static Optional<Path> base(AmendRuntime amend, Path model, Path hparamsFile) {
        return Optional.ofNullable(model).or(() -> hparamsFile == null ? Optional.empty()
                : amend.hparams().header(hparamsFile).modelName().map(Path::of));
    }
}
