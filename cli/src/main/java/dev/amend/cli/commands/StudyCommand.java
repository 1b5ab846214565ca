package dev.amend.cli.commands;

import dev.amend.api.InvalidInputException;
import dev.amend.cli.PluginsOption;
import dev.amend.harness.study.ResultLog;
import dev.amend.harness.study.StudyReport;
import dev.amend.harness.study.StudyRunner;
import dev.amend.harness.study.StudySpec;
import dev.amend.toolkit.io.AtomicFiles;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
public final class StudyCommand implements Callable<Integer> {

    @Inject
    Provider<StudyRunner> runners;

    @Mixin
    PluginsOption plugins;

    @Parameters(index = "0", paramLabel = "FILE", description = "The study YAML.")
    Path file;

    @Option(names = "--out", paramLabel = "DIR", description = "Where rows and report go. Default: runs/<name>.")
    Path out;

    @Option(names = "--worker", paramLabel = "K/N", hidden = true,
            description = "Run shard K of N into an opened log, on device slot K (what a study with several devices "
                    + "starts one process for per slot).")
    String worker;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        StudySpec study = StudySpec.read(file);
        StudyRunner runner = runners.get();
        StudyRunner.Plan plan = runner.check(study);   // nothing is written for a study that cannot run
        Path dir = out != null ? out : Path.of("runs", study.name());
        if (worker != null) {
            runner.run(plan, ResultLog.attach(dir.resolve("rows.jsonl")), shard(worker));
            return 0;
        }
        String text = Files.readString(file);
        Path rows = dir.resolve("rows.jsonl");
        if (Files.isDirectory(dir)) {
            AtomicFiles.recoverFiles(dir);   // staging files of a report or study.yaml whose writer was killed
        }
        int slots = plan.devices().devices().size();
        ResultLog.Creation start = () -> {
            Files.createDirectories(dir);
            AtomicFiles.writeString(dir.resolve("study.yaml"), text);
        };
        // a new study's directory appears with its first finished unit: a study that fails before leaves nothing
        ResultLog log;
        if (Files.exists(rows) || slots > 1) {   // workers append to the file themselves
            start.run();
            log = ResultLog.open(rows);
        } else {
            log = ResultLog.createdOnFirstAppend(rows, start);
        }
        PrintWriter printer = spec.commandLine().getOut();
        if (slots > 1) {
            printer.printf("study %s: %d workers, one process per device slot %s%n", study.name(), slots,
                    plan.devices());
            printer.flush();
            WorkerProcesses.run(slots, k -> List.of("study", file.toString(), "--out", dir.toString(), "--worker",
                    k + "/" + slots), plugins);
        } else {
            StudyRunner.Summary summary = runner.run(plan, log);
            printer.printf("study %s: %d cells; %d units run now, %d found done in %s%n", study.name(),
                    summary.cells(), summary.unitsRun(), summary.unitsSkipped(), log.file());
        }
        printer.print(StudyReport.render(log.rows(), dir));
        printer.println("report written to " + dir.resolve("report.md"));
        return 0;
    }

    private static StudyRunner.Shard shard(String text) {
        String[] parts = text.split("/");
        try {
            return new StudyRunner.Shard(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (RuntimeException e) {
            throw new InvalidInputException("--worker " + text + ": expected K/N with 0 ≤ K < N");
        }
    }
}
