package dev.amend.harness.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of rows written before rows were records is the report that code rendered from them. */
class StudyReportTest {

    @TempDir
    Path temp;

    @Test
    void rowsWrittenBeforeTheyWereRecordsRenderTheSameReport() throws IOException {
        String markdown = StudyReport.render(ResultLog.read(ResultLogTest.BEFORE.resolve("rows.jsonl")), temp);
        assertThat(markdown).contains("| ft | toy {\"num_steps\":2} | sequential 1 | ../models/toy | "
                + "zsre_mend_eval.json | 3 | 33.3 | 100.0 |");
        for (String file : List.of("report.md", "results.csv", "efficiency.csv", "memory-d16593bdfe3b.csv")) {
            assertThat(temp.resolve(file)).as(file).hasSameTextualContentAs(ResultLogTest.BEFORE.resolve(file));
        }
    }
}
