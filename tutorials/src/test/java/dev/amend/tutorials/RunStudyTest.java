package dev.amend.tutorials;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/tutorials/04-run-a-study.md: the tutorial's study, run from Java as the page says, gives the page's table and
 * chart; run again it resumes, redoing only what a killed run left unfinished.
 */
class RunStudyTest {

    private static final String STUDY = "examples/studies/tutorial.yaml";
    private static final List<String> TABLE = List.of(
            "| method | preset | mode | model | data set | requests | reliability | generalization | locality | "
                    + "portability | counterfact.efficacy | counterfact.neighborhood | counterfact.paraphrase |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
            "| rome | toy | single | models/toy | zsre_mend_eval.json | 20 | 100.0 | 100.0 | 100.0 | 50.0 | 100.0 | "
                    + "100.0 | 100.0 |",
            "| memit | toy | batch 20 | models/toy | zsre_mend_eval.json | 20 | 100.0 | 100.0 | 95.0 | 25.0 | 100.0 | "
                    + "95.0 | 100.0 |",
            "| ft | toy | single | models/toy | zsre_mend_eval.json | 20 | 85.0 | 75.0 | 100.0 | 75.0 | 85.0 | 100.0 | "
                    + "75.0 |",
            "| ft | toy {\"layers\":[3],\"norm_constraint\":0.01} | single | models/toy | zsre_mend_eval.json | 20 | "
                    + "100.0 | 100.0 | 100.0 | 75.0 | 100.0 | 100.0 | 100.0 |");

    @TempDir
    Path temp;

    @Test
    void runsTheGridReportsAndResumes() throws Exception {
        Path out = temp.resolve("study");

        List<String> first = TutorialProgram.run("RunStudy", STUDY, out.toString()).lines().toList();
        assertThat(first.get(0)).isEqualTo("4 cells: 61 units run, 0 found done");
        assertThat(first.subList(1, first.size())).isEqualTo(TABLE);
        assertThat(out.resolve("bars-generalization.svg")).as("the chart the page shows")
                .hasSameBinaryContentAs(Path.of("docs/figures/tutorial-study-generalization.svg"));

        Path rows = out.resolve("rows.jsonl");
        List<String> lines = Files.readAllLines(rows);
        String last = lines.get(lines.size() - 1);
        Files.writeString(rows, String.join("\n", lines.subList(0, lines.size() - 1)) + "\n"
                + last.substring(0, last.length() / 2));   // a run killed while writing its last row
        List<String> resumed = TutorialProgram.run("RunStudy", STUDY, out.toString()).lines().toList();
        assertThat(resumed.get(0)).isEqualTo("4 cells: 1 units run, 60 found done");
        assertThat(resumed.subList(1, resumed.size())).isEqualTo(TABLE);
    }
}
