package dev.amend.cli.commands;

import static dev.amend.cli.AmendRun.amend;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amend.cli.AmendRun.Result;
import dev.amend.models.hf.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code amend inspect --json} on every fixture reproduces the float64 reference logits within 1e-4. */
class InspectCommandTest {

    private static final Path FIXTURES = Path.of("../spi-models/src/test/resources/fixtures");
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<Path> fixtures() throws IOException {
        try (Stream<Path> dirs = Files.list(FIXTURES)) {
            return dirs.sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void jsonLogitsReproduceTheFixture(Path fixture) throws IOException {
        JsonNode golden = JSON.readTree(fixture.resolve("golden.json").toFile());
        JsonNode firstCase = golden.get("cases").get(0);
        List<String> args = new ArrayList<>(List.of("inspect", "--model", fixture.toString(), "--text",
                firstCase.get("text").asText(), "--top-k", "3", "--json"));
        if (firstCase.has("decoder_text")) {
            args.addAll(List.of("--decoder-text", firstCase.get("decoder_text").asText()));
        }
        Result result = amend(args.toArray(String[]::new));
        assertThat(result.status()).as(result.err()).isZero();
        JsonNode out = JSON.readTree(result.out());
        assertThat(out.get("input_ids")).isEqualTo(firstCase.get("input_ids"));
        if (firstCase.has("decoder_input_ids")) {
            assertThat(out.get("decoder_input_ids")).isEqualTo(firstCase.get("decoder_input_ids"));
        }
        assertThat(out.get("tokens")).hasSameSizeAs(out.get("input_ids"));
        try (SafetensorsFile file = SafetensorsFile.open(fixture.resolve("golden.safetensors"));
             NDManager m = NDManager.newBaseManager()) {
            NDArray expected = file.load(m, "case0.logits");
            double[] reference = expected.toDoubleArray();
            JsonNode logits = out.get("logits");
            long vocab = expected.getShape().get(1);
            assertThat((long) logits.size()).isEqualTo(expected.getShape().get(0));
            double worst = 0;
            for (int t = 0; t < logits.size(); t++) {
                for (int v = 0; v < vocab; v++) {
                    worst = Math.max(worst, Math.abs(logits.get(t).get(v).asDouble() - reference[(int) (t * vocab + v)]));
                }
            }
            assertThat(worst).as(fixture + " max |Δlogit|").isLessThan(
                    golden.get("dtype").asText().equals("F32") ? 1e-4 : 1e-3);
            long best = expected.get(expected.getShape().get(0) - 1).argMax().getLong();
            assertThat(out.get("top_k").get(0).get("id").asLong()).isEqualTo(best);
            assertThat(out.get("top_k")).hasSize(3);
        }
    }

    @Test
    void textOutputShowsTokensAndNextTokenProbabilities() {
        Result result = amend("inspect", "--model", FIXTURES.resolve("gpt2").toString(), "--text",
                "Paris is the capital", "--top-k", "2");
        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("input:   'Paris'=330 'Ġis'=").contains("next token:").containsPattern("%  '");
    }

    @Test
    void aMissingModelDirectoryIsBadInput() {
        Result result = amend("inspect", "--model", "no/such/model", "--text", "hi");
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("model directory no/such/model does not exist");
    }
}
