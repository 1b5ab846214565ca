package dev.amend.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** {@code amend}: the top-level command; its subcommands do the work. */
@Command(name = "amend", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Knowledge editing for large language models on the JVM.",
        subcommands = {QuickstartCommand.class, EditCommand.class, ApplyEditCommand.class, RevertCommand.class,
                ListCommand.class, InspectCommand.class, EvalBaseCommand.class, TrainCommand.class,
                PretrainToyCommand.class, BenchForwardCommand.class, BenchEditCommand.class, StudyCommand.class,
                ReportCommand.class, ServeCommand.class, BenchServeCommand.class, DocsCommand.class, ClasspathCommand.class,
                HelpCommand.class})
final class AmendCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
