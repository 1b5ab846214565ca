package dev.amend.cli;

import static dev.amend.cli.AmendRun.amend;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code amend} launcher hands non-ASCII command-line text to the JVM intact whatever the caller's locale: under
 * {@code LANG=C} a JVM decodes its arguments as ASCII and turns every other character into {@code ?}.
 */
class LauncherLocaleIT {

    private static final String TEXT = "Café 北京";
    /** A byte-level BPE tokenizer (GPT-2's), which has ids for every byte: a '?' or U+FFFD shows in the ids. */
    private static final Path GPT2 = Path.of("..", "spi-models", "src", "test", "resources", "fixtures", "gpt2");

    @TempDir
    Path temp;

    /** Removes the link to this build's libraries before the temporary folder goes (JUnit warns about links). */
    @AfterEach
    void unlinkTheDistribution() throws IOException {
        Files.deleteIfExists(temp.resolve("cli/target/dist/lib"));
    }

    @Test
    void aPromptWithAccentsAndChineseEncodesToTheSameIdsUnderLangC() throws Exception {
        int[] expected = inputIds(amend("inspect", "--model", GPT2.toString(), "--text", TEXT, "--json").out());

        Process launcher = new ProcessBuilder(List.of("env", "-i", "PATH=" + System.getenv("PATH"), "LANG=C",
                "HOME=" + temp, "bash", launcherOnThisBuild().toString(), "inspect",
                "--model", GPT2.toAbsolutePath().toString(), "--text", TEXT, "--json"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(launcher.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(launcher.exitValue()).isZero();
        assertThat(inputIds(out)).as("ids of '%s' through the launcher under LANG=C", TEXT).isEqualTo(expected);
        assertThat(expected).as("C a f é(2 bytes) space 北(3) 京(3) in GPT-2's merges").hasSize(12);
    }

    /** A copy of the launcher whose distribution is this build's (linked) and up to date, so it does not rebuild. */
    private Path launcherOnThisBuild() throws IOException {
        Path dist = Files.createDirectories(temp.resolve("cli/target/dist"));
        Files.createSymbolicLink(dist.resolve("lib"), Path.of("target/dist/lib").toAbsolutePath());
        Path launcher = Files.copy(Path.of("..", "amend"), temp.resolve("amend"));
        Files.writeString(dist.resolve(".built"), "");
        return launcher;
    }

    private static int[] inputIds(String json) throws IOException {
        JsonNode ids = new ObjectMapper().readTree(json).get("input_ids");
        int[] values = new int[ids.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = ids.get(i).asInt();
        }
        return values;
    }
}
