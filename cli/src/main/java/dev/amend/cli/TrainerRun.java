package dev.amend.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.amend.api.HParams;
import dev.amend.api.InvalidInputException;
import dev.amend.api.train.TrainerProvider;
import dev.amend.api.train.TrainingJob;
import dev.amend.harness.ConsoleProgress;
import dev.amend.registry.AmendRuntime;
import dev.amend.registry.hparams.HParamsCodec;
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
        H h = configure(runtime.hparams(), provider, hparamsFile, overrides);
        TrainingJob job = new TrainingJob(Optional.ofNullable(model), data, out, seed, runtime.models(),
                ConsoleProgress.forStandardError());
        return provider.create(h).train(job);
    }

    private static <H extends HParams> H configure(HParamsCodec codec, TrainerProvider<H> provider, Path file,
                                                   Map<String, String> overrides) throws IOException {
        H base = file != null ? codec.load(provider, file).hparams() : provider.defaultHParams()
                .orElseThrow(() -> new InvalidInputException(provider.name() + " has no default hparams: give --hparams"));
        if (overrides.isEmpty()) {
            return base;
        }
        ObjectNode tree = codec.toTree(base);
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            tree.set(o.getKey(), codec.mapper().readTree(o.getValue()));
        }
        return codec.fromTree(provider, tree, "--set " + overrides);
    }
}
