package dev.amend.cli.commands;

import static dev.amend.cli.AmendRun.amend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.amend.cli.Amend;
import dev.amend.cli.AmendRun;
import dev.amend.cli.AmendRun.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code amend study} with a model that cannot load, and {@code amend report} on rows that are not rows. */
class StudyInputTest {

    private static final Path TOY = AmendRun.TOY.toAbsolutePath().normalize();

    @TempDir
    Path temp;

    private Path study(Path model) throws IOException {
        return Files.writeString(temp.resolve("s.yaml"), "name: s\nmodels: [" + model + "]\ndatasets: [{path: "
                + TOY.resolve("data/zsre_mend_eval.json") + ", limit: 2}]\n"
                + "methods:\n  - {method: ft, preset: toy, modes: [single], overrides: [{num_steps: 1}]}\n");
    }

    private Path model(String config, byte[] weights) throws IOException {
        Path model = Files.createDirectories(temp.resolve("model"));
        Files.copy(TOY.resolve("tokenizer.json"), model.resolve("tokenizer.json"));
        Files.writeString(model.resolve("config.json"), config);
        Files.write(model.resolve("model.safetensors"), weights);
        return model;
    }

    @Test
    void aModelThatCannotLoadLeavesNoStudyDirectory() throws IOException {
        Path unknownType = model(Files.readString(TOY.resolve("config.json")).replace("\"gpt2\"", "\"nope\""),
                Files.readAllBytes(TOY.resolve("model.safetensors")));
        Path out = temp.resolve("out");
        Result result = amend("study", study(unknownType).toString(), "--out", out.toString());
        assertThat(result.status()).as(result.err()).isEqualTo(Amend.BAD_INPUT);
        assertThat(result.err()).contains("model_type 'nope'");
        assertThat(out).as("nothing written").doesNotExist();

        Files.write(unknownType.resolve("config.json"), Files.readAllBytes(TOY.resolve("config.json")));
        Files.write(unknownType.resolve("model.safetensors"), new byte[] {1, 2, 3});
        Result garbage = amend("study", study(unknownType).toString(), "--out", out.toString());
        assertThat(garbage.status()).as(garbage.err()).isEqualTo(Amend.BAD_INPUT);
        assertThat(garbage.err()).contains("model.safetensors");
        assertThat(out).as("nothing written").doesNotExist();
    }

    @Test
    void aStudyNamedOutsideRunsOrWithARepeatedCellIsRefusedBeforeAnyWork() throws IOException {
        Path evil = Files.writeString(temp.resolve("evil.yaml"), Files.readString(study(TOY)).replace("name: s",
                "name: ../../evil"));
        Result escaped = amend("study", evil.toString());
        assertThat(escaped.status()).isEqualTo(Amend.BAD_INPUT);
        assertThat(escaped.err()).contains("the study.name must be a simple file name");
        assertThat(Path.of("runs", "../../evil").normalize()).doesNotExist();

        Path twice = Files.writeString(temp.resolve("twice.yaml"), Files.readString(study(TOY))
                + "  - {method: ft, preset: toy, modes: [single], overrides: [{num_steps: 1}]}\n");
        Result repeated = amend("study", twice.toString(), "--out", temp.resolve("twice").toString());
        assertThat(repeated.status()).as(repeated.err()).isEqualTo(Amend.BAD_INPUT);
        assertThat(repeated.err()).contains("cell 1 (ft toy single {\"num_steps\":1} on " + TOY);
        assertThat(temp.resolve("twice")).doesNotExist();
    }

    @Test
    void reportOnRowsThatAreNotRowsExitsWithTwoNamingTheFileAndTheRecord() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("study"));
        Path rows = dir.resolve("rows.jsonl");
        String good = "{\"cell\":\"01b182630bda\",\"label\":\"ft\",\"method\":\"ft\",\"mode\":\"single\",\"model\":\"m\","
                + "\"dataset\":\"d.json\",\"post\":{\"reliability\":1.0}}\n";
        String[][] cases = {
                {"garbage\n", "record 0 (line 1): not valid JSON"},
                {good + "{\"cell\": [" + "[".repeat(100_000) + "\n", "record 1 (line 2): exceeds the limits"},
                {good + "{}\n", "record 1: field 'cell' is missing: expected a study row"},
                {good.replace("01b182630bda", "../../x"), "record 0: field 'cell' is '../../x'"},
                {good.replace("reliability", "../../evil"), "record 0: metric '../../evil' is not a simple file name"},
                {"{\"cell\": \"x\"", "holds no complete row"},
        };
        for (String[] c : cases) {
            Files.writeString(rows, c[0]);
            Result result = amend("report", dir.toString());
            assertThat(result.status()).as(c[1] + ": " + result.err()).isEqualTo(Amend.BAD_INPUT);
            assertThat(result.err()).contains(rows.toString()).contains(c[1]);
        }
        Files.write(rows, new byte[] {(byte) 0xff, (byte) 0xfe, 0, (byte) 0xc3, '\n'});
        Result binary = amend("report", dir.toString());
        assertThat(binary.status()).as(binary.err()).isEqualTo(Amend.BAD_INPUT);
        assertThat(binary.err()).contains(rows + ": record 0");
        assertThat(dir.resolve("report.md")).doesNotExist();

        Files.writeString(rows, good);
        Result fine = amend("report", dir.toString());
        assertThat(fine.status()).as(fine.err()).isZero();
        assertThat(Files.readString(dir.resolve("report.md"))).contains("| ft | defaults | single | m | d.json | 1 |");
    }
}
