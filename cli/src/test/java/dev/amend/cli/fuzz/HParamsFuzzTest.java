package dev.amend.cli.fuzz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Fuzzes {@code amend edit --hparams FILE --save DIR} with mutations of the toy presets of FT, FT-M, GRACE and LoRA. */
class HParamsFuzzTest {

    @Test
    void hparamsYaml() {
        Map<String, byte[]> seeds = Seeds.presets();
        List<String> names = new ArrayList<>(seeds.keySet());
        new Fuzz("hparams.yaml", Duration.ofSeconds(90), 1L << 30).run(150, Path.of("target", "fuzz", "hparams"),
                (seed, dir, input) -> {
                    Mutator m = new Mutator(new Random(seed));
                    String name = m.pick(names);
                    Path file = CliCase.in(dir).resolve("hparams.yaml");
                    Files.write(file, m.text(seeds.get(name)));
                    input.add(name);
                    input.addAll(m.log());
                    Path save = dir.resolve("edit");
                    return CliCase.run(seed, input, dir, save, "edit", "--model", CliCase.TOY.toString(),
                            "--method", name.substring(0, name.indexOf('/')), "--hparams", file.toString(),
                            "--prompt", ". {} competes in", "--subject", "safa gusag", "--target", "fencing",
                            "--metrics", "reliability", "--save", save.toString());
                },
                11_590L /* FT's lr: NaN saved a NaN delta */);
    }
}
