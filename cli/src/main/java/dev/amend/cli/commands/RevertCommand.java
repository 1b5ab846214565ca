package dev.amend.cli.commands;

import dev.amend.cli.PluginsOption;
import dev.amend.registry.AmendRuntime;
import dev.amend.registry.EditedModels;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code amend revert DIR}: gives a model directory written by {@code amend apply-edit} its original weights back,
 * bit for bit (checked by the base model's fingerprint before anything is written). It names the base model's
 * directory as {@code applied.json} recorded it only once that directory is checked to hold those weights.
 */
@Command(name = "revert", mixinStandardHelpOptions = true,
        description = "Undo the edit of a model directory written by `amend apply-edit`.")
public final class RevertCommand implements Callable<Integer> {

    @Inject
    Provider<AmendRuntime> runtime;

    @Mixin
    PluginsOption plugins;

    @Parameters(index = "0", paramLabel = "DIR", description = "An edited model directory.")
    Path edited;

    @Option(names = "--out", paramLabel = "DIR", description = "Write the restored model here (default: replace DIR).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        EditedModels models = runtime.get().editedModels();
        EditedModels.Applied applied = models.revert(edited, out);
        o.println("reverted " + String.join(", ", applied.sites()) + " of " + edited);
        Optional<String> notBase = models.checkBaseModel(applied);
        if (notBase.isEmpty()) {
            o.println("  weights " + applied.baseFingerprint() + " = the base model's (" + applied.baseModel()
                    + ", checked), bit for bit");
        } else {
            o.println("  weights " + applied.baseFingerprint() + " = the base fingerprint recorded when the edit was "
                    + "applied, bit for bit");
            o.println("  (the base model recorded then is not checked: " + notBase.get() + ")");
        }
        o.println("wrote " + (out == null ? edited : out).toAbsolutePath());
        return 0;
    }
}
