package dev.amend.cli.commands;

import dev.amend.cli.PluginsOption;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code amend train}: runs a trainer by name; rerunning the same command after a kill resumes it. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Run a trainer (resumable: rerun the same command after a kill).")
public final class TrainCommand implements Callable<Integer> {

    @Inject
    TrainerRun trainerRun;

    @Mixin
    PluginsOption plugins;

    @Option(names = "--trainer", required = true, description = "Trainer name (see amend list).")
    String trainer;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "The trainer's data set.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output (and checkpoint) directory.")
    Path out;

    @Option(names = "--model", paramLabel = "DIR", description = "Base model directory, for trainers that need one.")
    Path model;

    @Option(names = "--hparams", paramLabel = "FILE", description = "Hparams YAML (default: the trainer's defaults).")
    Path hparams;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one hparams key (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--seed", defaultValue = "0", description = "Job seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path artifact = trainerRun.run(trainer, data, out, model, hparams, overrides, seed);
        spec.commandLine().getOut().println("trained: " + artifact.toAbsolutePath());
        return 0;
    }
}
