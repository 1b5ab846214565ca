package dev.amend.cli;

import dev.amend.harness.AtomicFiles;
import dev.amend.harness.ConsoleProgress;
import dev.amend.harness.study.ResultLog;
import dev.amend.harness.study.StudyReport;
import dev.amend.harness.study.StudyRunner;
import dev.amend.harness.study.StudySpec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code amend study FILE.yaml}: runs a study's grid into {@code DIR/rows.jsonl}, skipping what an earlier run of it
 * finished, then renders the report into {@code DIR}.
 */
@Command(name = "study", mixinStandardHelpOptions = true,
        description = "Run a grid of methods × models × data sets × modes × overrides; resumable; then report.")
final class StudyCommand implements Callable<Integer> {

    @Mixin
    PluginsOption plugins;

    @Parameters(index = "0", paramLabel = "FILE", description = "The study YAML.")
    Path file;

    @Option(names = "--out", paramLabel = "DIR", description = "Where rows and report go. Default: runs/<name>.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        StudySpec study = StudySpec.read(file);
        StudyRunner runner = new StudyRunner(plugins.runtime(), ConsoleProgress.forStandardError(),
                Map.of("amend", VersionProvider.version()));
        StudyRunner.Plan plan = runner.check(study);   // nothing is written for a study that cannot run
        Path dir = out != null ? out : Path.of("runs", study.name());
        Files.createDirectories(dir);
        AtomicFiles.writeString(dir.resolve("study.yaml"), Files.readString(file));
        ResultLog log = ResultLog.open(dir.resolve("rows.jsonl"));
        PrintWriter printer = spec.commandLine().getOut();
        StudyRunner.Summary summary = runner.run(plan, log);
        printer.printf("study %s: %d cells; %d units run now, %d found done in %s%n", study.name(), summary.cells(),
                summary.unitsRun(), summary.unitsSkipped(), log.file());
        printer.print(StudyReport.render(log.rows(), dir));
        printer.println("report written to " + dir.resolve("report.md"));
        return 0;
    }
}
