package dev.amend.cli.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.amend.cli.AmendRun;
import dev.amend.cli.AmendRun.Result;
import dev.amend.cli.web.EngineThreads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes saved edits: an FT edit (weight deltas) and a GRACE edit (a runtime edit with state tensors), each saved once
 * by {@code amend edit --save}, then their {@code deltas.safetensors} or their manifest mutated in a copy that
 * {@code amend apply-edit} writes into a new model or {@code amend inspect --edit} loads.
 */
class SavedEditFuzzTest {

    private static final Path ROOT = Path.of("target", "fuzz", "saved-edit").toAbsolutePath();
    private static final List<String> METHODS = List.of("ft", "grace");

    @BeforeAll
    static void saveEdits() {
        EngineThreads.recordNoGradients();   // as on the thread that starts the engine, the CLI's main thread
        Trees.delete(ROOT.resolve("seeds"));
        for (String method : METHODS) {
            Result saved = AmendRun.amend("edit", "--model", CliCase.TOY.toString(), "--method", method,
                    "--preset", "toy", "--set", method.equals("ft") ? "num_steps=2" : "n_iter=2", "--prompt", ". {} competes in", "--subject", "safa gusag", "--target",
                    "fencing", "--metrics", "reliability", "--save", ROOT.resolve("seeds").resolve(method).toString());
            assertThat(saved.status()).as(saved.err()).isZero();
        }
    }

    @Test
    void savedEditTensors() {
        fuzz("edit-tensors", 200, "deltas.safetensors", (m, b) -> m.random().nextBoolean()
                ? ModelFilesFuzzTest.header(m, b) : ModelFilesFuzzTest.body(m, b));
    }

    @Test
    void savedEditManifest() {
        fuzz("edit-manifest", 200, "edit.json", (m, b) -> m.text(b),
                -7_140_226_474_278_648_200L /* a GRACE manifest without "deltas": NullPointerException */);
    }

    private static void fuzz(String target, int examples, String file, BiFunction<Mutator, byte[], byte[]> mutate,
                             long... regressions) {
        new Fuzz(target, Duration.ofSeconds(30), 1L << 30).run(examples, ROOT.resolve(target), (seed, dir, input) -> {
            Mutator m = new Mutator(new Random(seed));
            String method = m.pick(METHODS);
            Path edit = copy(ROOT.resolve("seeds").resolve(method), CliCase.in(dir).resolve("edit"));
            Files.write(edit.resolve(file), mutate.apply(m, Files.readAllBytes(edit.resolve(file))));
            input.add(method + " edit's " + file);
            input.addAll(m.log());
            if (m.random().nextBoolean()) {
                input.add("inspect --edit");
                return CliCase.run(seed, input, dir, null, "inspect", "--model", CliCase.TOY.toString(),
                        "--edit", edit.toString(), "--text", ModelFilesFuzzTest.PROMPT, "--top-k", "1");
            }
            input.add("apply-edit");
            Path out = dir.resolve("model");
            return CliCase.run(seed, input, dir, out, "apply-edit", edit.toString(), "--model",
                    CliCase.TOY.toString(), "--out", out.toString());
        }, regressions);
    }

    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }
}
