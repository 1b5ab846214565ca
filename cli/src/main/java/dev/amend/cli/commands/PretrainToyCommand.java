package dev.amend.cli.commands;

import dev.amend.cli.PluginsOption;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code amend pretrain-toy}: regenerates the embedded model. The same as {@code amend train --trainer toy-pretrain
 * --data OUT/data/world.json --out OUT}: the world and its exported data sets are written first when missing, the
 * model card and figures last; a rerun after a kill resumes.
 */
@Command(name = "pretrain-toy", mixinStandardHelpOptions = true,
        description = "Regenerate the embedded toy model: world, data sets, pretraining, model card (resumable).")
public final class PretrainToyCommand implements Callable<Integer> {

    @Inject
    TrainerRun trainerRun;

    @Mixin
    PluginsOption plugins;

    @Option(names = "--out", defaultValue = "models/toy", paramLabel = "DIR",
            description = "Output directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--hparams", paramLabel = "FILE",
            description = "toy-pretrain hparams YAML (default: the trainer's defaults).")
    Path hparams;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one hparams key, e.g. steps=300.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path artifact = trainerRun.run("toy-pretrain", out.resolve("data/world.json"), out, null,
                hparams, overrides, 0);
        spec.commandLine().getOut().println("model: " + artifact.toAbsolutePath());
        spec.commandLine().getOut().println(Files.readString(artifact.resolve("figures.json")));
        return 0;
    }
}
