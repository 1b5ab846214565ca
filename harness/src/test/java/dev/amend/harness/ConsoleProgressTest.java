package dev.amend.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.amend.api.Progress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

    @Test
    void outsideATerminalItPrintsPlainAsciiLinesEndingAtTheTotal() {
        List<String> lines = new ArrayList<>();
        Progress progress = ConsoleProgress.lines(lines::add, 60_000);
        try (Progress.Task task = progress.begin("editing", 4)) {
            for (int i = 0; i < 4; i++) {
                task.advance(1);
                task.status("loss 0.5");
            }
        }
        assertThat(lines).isNotEmpty();
        String last = lines.get(lines.size() - 1);
        assertThat(last).startsWith("editing 100%").contains("4/4").contains("loss 0.5");
        assertThat(String.join("", lines)).doesNotContain("\r").doesNotContain("\u001b");
    }
}
