package dev.amend.cli.fuzz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes {@code amend study FILE} with mutations of the example studies (made cheap, see {@link Seeds#studies()}):
 * half the cases with {@code --out}, half writing to {@code runs/<name>} as users do, where a hostile name must not
 * lead outside {@code runs/}.
 */
class StudyFuzzTest {

    @Test
    void studyYaml() {
        Map<String, byte[]> seeds = Seeds.studies();
        List<String> names = new ArrayList<>(seeds.keySet());
        Path runs = Path.of("runs").toAbsolutePath();
        new Fuzz("study.yaml", Duration.ofSeconds(120), 2L << 30).run(30, Path.of("target", "fuzz", "study"),
                (seed, dir, input) -> {
                    Mutator m = new Mutator(new Random(seed));
                    String name = m.pick(names);
                    Path file = CliCase.in(dir).resolve("study.yaml");
                    Files.write(file, m.text(seeds.get(name)));
                    input.add(name);
                    input.addAll(m.log());
                    if (m.random().nextBoolean() && !Files.exists(runs)) {
                        input.add("without --out");
                        try {
                            return CliCase.run(seed, input, dir, runs, "study", file.toString());
                        } finally {
                            Trees.delete(runs);
                        }
                    }
                    Path out = dir.resolve("study");
                    return CliCase.run(seed, input, dir, out, "study", file.toString(), "--out", out.toString());
                });
    }
}
