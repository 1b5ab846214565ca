package dev.amend.cli.fuzz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Fuzzes {@code amend edit --requests FILE} with mutations of two records of each request format the toy model has. */
class RequestsFuzzTest {

    @Test
    void requestsJson() {
        Map<String, byte[]> seeds = Seeds.requests();
        List<String> names = new ArrayList<>(seeds.keySet());
        new Fuzz("requests.json", Duration.ofSeconds(90), 1L << 30).run(150, Path.of("target", "fuzz", "requests"),
                (seed, dir, input) -> {
                    Mutator m = new Mutator(new Random(seed));
                    String name = m.pick(names);
                    Path file = CliCase.in(dir).resolve(name);
                    Files.write(file, m.text(seeds.get(name)));
                    input.add("first two records of models/toy/data/" + name);
                    input.addAll(m.log());
                    return CliCase.run(seed, input, dir, null, "edit", "--model", CliCase.TOY.toString(),
                            "--method", "ft", "--preset", "toy", "--set", "num_steps=2", "--requests",
                            file.toString(), "--limit", "2", "--metrics", "reliability");
                },
                2_964_361_986_792_793_206L /* an MQuAKE record without requested_rewrite: NullPointerException */,
                8_818_038_759_719_685_885L /* nesting 100,000 deep: NullPointerException */);
    }
}
