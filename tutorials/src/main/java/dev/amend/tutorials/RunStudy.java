package dev.amend.tutorials;

import dev.amend.harness.ConsoleProgress;
import dev.amend.harness.study.ResultLog;
import dev.amend.harness.study.StudyReport;
import dev.amend.harness.study.StudyRunner;
import dev.amend.harness.study.StudySpec;
import dev.amend.registry.AmendRuntime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Tutorial "Run a comparative study" (docs/tutorials/04-run-a-study.md): what {@code ./amend study FILE} does, from
 * Java. From the checkout's root:
 * {@code java -Dai.djl.offline=true -cp "$(./amend classpath)" tutorials/src/main/java/dev/amend/tutorials/RunStudy.java examples/studies/tutorial.yaml runs/tutorial-java}
 */
public final class RunStudy {

    private RunStudy() {}

    public static void main(String[] args) throws IOException {
        // tag::run[]
        StudySpec study = StudySpec.read(Path.of(args[0]));   // validated: a wrong field is named with its file
        Path out = Path.of(args[1]);
        StudyRunner runner = new StudyRunner(AmendRuntime.create(null), ConsoleProgress.forStandardError(),
                Map.of("program", "RunStudy"));                // versions recorded in every row
        StudyRunner.Plan plan = runner.check(study);          // every cell checked before any work
        ResultLog log = ResultLog.open(out.resolve("rows.jsonl"));
        StudyRunner.Summary summary = runner.run(plan, log);  // skips the units the log already holds
        System.out.printf("%d cells: %d units run, %d found done%n", summary.cells(), summary.unitsRun(),
                summary.unitsSkipped());
        String report = StudyReport.render(log.rows(), out);  // report.md, results.csv, bars-*.svg
        // end::run[]
        report.lines().filter(line -> line.startsWith("|")).forEach(System.out::println);   // the results table
    }
}
