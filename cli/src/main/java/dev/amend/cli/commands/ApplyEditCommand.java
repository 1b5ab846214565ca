package dev.amend.cli.commands;

import dev.amend.cli.PluginsOption;
import dev.amend.registry.AmendRuntime;
import dev.amend.registry.EditedModels;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code amend apply-edit EDIT --model BASE --out DIR}: re-applies an edit saved by {@code amend edit --save} to its
 * base model and writes the edited model as a new HuggingFace directory, which {@code amend revert} undoes.
 */
@Command(name = "apply-edit", mixinStandardHelpOptions = true,
        description = "Apply a saved edit to its base model and write the edited model to a new directory.")
public final class ApplyEditCommand implements Callable<Integer> {

    @Inject
    Provider<AmendRuntime> runtime;

    @Mixin
    PluginsOption plugins;

    @Parameters(index = "0", paramLabel = "EDIT", description = "A directory written by `amend edit --save`.")
    Path edit;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "The model the edit was made on.")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "New directory for the edited model.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        EditedModels.Applied applied = runtime.get().editedModels().apply(edit, model, out);
        o.println("applied " + edit + " to " + model);
        o.println("  base weights   " + applied.baseFingerprint());
        o.println("  edited weights " + applied.editedFingerprint()
                + " (= the fingerprint saved with the edit: the same weights, so the same logits)");
        o.println("  changed " + String.join(", ", applied.sites()));
        o.println("wrote " + out.toAbsolutePath() + " (undo with `amend revert " + out + "`)");
        return 0;
    }
}
