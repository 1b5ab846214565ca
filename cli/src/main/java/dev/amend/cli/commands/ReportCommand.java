package dev.amend.cli.commands;

import dev.amend.api.InvalidInputException;
import dev.amend.harness.study.ResultLog;
import dev.amend.harness.study.StudyReport;
import dev.amend.harness.study.StudyRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code amend report DIR}: renders a study directory's rows into Markdown, CSV and SVG charts. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Render a study's rows.jsonl into report.md, results.csv, efficiency.csv and SVG charts.")
public final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "A study directory (holding rows.jsonl).")
    Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path rows = dir.resolve("rows.jsonl");
        if (!Files.isRegularFile(rows)) {
            throw new InvalidInputException(dir + " holds no rows.jsonl: not a study directory (amend study writes one)");
        }
        List<StudyRow> read = ResultLog.read(rows);
        if (read.isEmpty()) {
            throw new InvalidInputException(rows + " holds no complete row: nothing to report (amend study appends a "
                    + "row, one JSON object a line, after each unit of work)");
        }
        spec.commandLine().getOut().print(StudyReport.render(read, dir));
        spec.commandLine().getOut().println("report written to " + dir.resolve("report.md"));
        return 0;
    }
}
