package dev.amend.cli.commands;

import static dev.amend.cli.AmendRun.amend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.amend.cli.AmendRun;
import dev.amend.cli.AmendRun.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad hparams on the command line and in studies: exit 2 with a message naming what is wrong, nothing written. */
class HParamsInputTest {

    @TempDir
    Path temp;

    /** {@code amend edit} of one fact with ROME on the toy model, saved to {@code saved}, with {@code options}. */
    private Result edit(String... options) {
        List<String> args = new ArrayList<>(List.of("edit", "--model", AmendRun.TOY.toString(), "--method", "rome",
                "--save", temp.resolve("saved").toString(), "--prompt", "The capital of {} is", "--subject", "France",
                "--target", "Lyon"));
        args.addAll(List.of(options));
        return amend(args.toArray(String[]::new));
    }

    private void assertRefused(Result result, String message) {
        assertThat(result.status()).as(result.err()).isEqualTo(2);
        assertThat(result.err()).contains("amend: error: " + message).doesNotContain("\tat ", "Exception");
        assertThat(temp.resolve("saved")).doesNotExist();
    }

    @Test
    void anUnknownPresetListsTheMethodsPresets() {
        assertRefused(edit("--preset", "nope"),
                "rome has no preset 'nope'; its presets: gpt-j-6b, gpt2-xl, llama-2-7b, toy");
    }

    @Test
    void nanAndInfiniteOverridesAreRefusedNamingTheKey() {
        assertRefused(edit("--preset", "toy", "--set", "v_lr=NaN"),
                "--set v_lr=NaN: key 'v_lr' is NaN; expected a finite number");
        assertRefused(edit("--preset", "toy", "--set", "kl_factor=.inf"),
                "--set kl_factor=.inf: key 'kl_factor' is Infinity; expected a finite number");
    }

    @Test
    void aNanInAnHParamsFileIsRefusedNamingTheFileAndKey() throws IOException {
        Path file = Files.writeString(temp.resolve("rome.yaml"), "alg_name: ROME\nv_lr: .nan\n");
        assertRefused(edit("--hparams", file.toString()), file + ": key 'v_lr' is NaN; expected a finite number");
    }

    @Test
    void aStudyWithAnUnknownPresetListsTheMethodsPresets() throws IOException {
        Path toy = AmendRun.TOY.toAbsolutePath().normalize();
        Path study = Files.writeString(temp.resolve("nope.yaml"), "name: nope\nmodels: [" + toy + "]\ndatasets: [{path: "
                + toy.resolve("data/zsre_mend_eval.json") + ", limit: 2}]\nmethods:\n"
                + "  - {method: memit, preset: nope, modes: [batch]}\n");
        Result result = amend("study", study.toString(), "--out", temp.resolve("out").toString());
        assertThat(result.status()).as(result.err()).isEqualTo(2);
        assertThat(result.err()).contains("memit has no preset 'nope'; its presets: gpt-j-6b, gpt2-xl, llama-2-7b, toy")
                .doesNotContain("\tat ");
    }
}
