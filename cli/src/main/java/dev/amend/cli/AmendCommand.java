package dev.amend.cli;

import dev.amend.cli.bench.BenchEditCommand;
import dev.amend.cli.bench.BenchForwardCommand;
import dev.amend.cli.bench.BenchServeCommand;
import dev.amend.cli.commands.ApplyEditCommand;
import dev.amend.cli.commands.ClasspathCommand;
import dev.amend.cli.commands.DocsCommand;
import dev.amend.cli.commands.EditCommand;
import dev.amend.cli.commands.EvalBaseCommand;
import dev.amend.cli.commands.InspectCommand;
import dev.amend.cli.commands.ListCommand;
import dev.amend.cli.commands.PretrainToyCommand;
import dev.amend.cli.commands.QuickstartCommand;
import dev.amend.cli.commands.ReportCommand;
import dev.amend.cli.commands.RevertCommand;
import dev.amend.cli.commands.StudyCommand;
import dev.amend.cli.commands.TrainCommand;
import dev.amend.cli.web.ServeCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code amend}: the top-level command; its subcommands do the work. */
@Command(name = "amend", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Knowledge editing for large language models on the JVM.",
        subcommands = {QuickstartCommand.class, EditCommand.class, ApplyEditCommand.class, RevertCommand.class,
                ListCommand.class, InspectCommand.class, EvalBaseCommand.class, TrainCommand.class,
                PretrainToyCommand.class, BenchForwardCommand.class, BenchEditCommand.class, StudyCommand.class,
                ReportCommand.class, ServeCommand.class, BenchServeCommand.class, DocsCommand.class, ClasspathCommand.class,
                HelpCommand.class})
final class AmendCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
