package dev.amend.cli.commands;

import static dev.amend.cli.AmendRun.amend;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amend.cli.AmendRun.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListCommandTest {

    @TempDir
    Path temp;

    @Test
    void listsTheClassPathProvidersByKindWithTheirOrigin() {
        Result result = amend("list");
        assertThat(result.status()).isZero();
        assertThat(result.out())
                .contains("Edit methods (12)")
                .containsPattern("  r-rome +R-ROME")
                .containsPattern("  serac +SERAC: stored edits")
                .containsPattern("  mend +MEND: a trained hypernetwork")
                .contains("capabilities: BATCH, NEEDS_TRAINING, RUNTIME_ONLY, SEQUENTIAL")
                .contains("Trainers (3)")
                .containsPattern("  mend +trains MEND's hypernetwork")
                .containsPattern("  serac +trains SERAC's scope classifier and counterfactual model")
                .contains("serves_methods: serac")
                .containsPattern("  grace +GRACE: a discrete codebook")
                .containsPattern("  ike +IKE: the edit stated in context")
                .containsPattern("  lora +LoRA: low-rank adapters")
                .containsPattern("  wise +WISE: a side memory")
                .contains("capabilities: BATCH, RUNTIME_ONLY, SEQUENTIAL")
                .containsPattern("  rome +ROME: rank-one update")
                .containsPattern("capabilities: BATCH, GRADIENT, NEEDS_STATS, SEQUENTIAL, WEIGHT_DELTA")
                .contains("presets: gpt-j-6b, gpt2-xl, llama-2-7b, toy, toy-ft-m")
                .contains("Metrics (7)")
                .containsPattern("  fluency +ROME.s weighted bi/tri-gram entropy")
                .contains("measured: when named")
                .containsPattern("  reliability +teacher-forced token accuracy of target_new")
                .containsPattern("from: .*spi-metrics.*")
                .contains("Model adapters (6)")
                .containsPattern("  gpt2 +GPT-2 ")
                .contains("model_types: llama, mistral, qwen2")
                .containsPattern("from: .*spi-models.*")
                .containsPattern("  tiny +the testkit's tiny transformer")
                .contains("model_types: amend-tiny");
    }

    @Test
    void listsAsJson() throws Exception {
        Result result = amend("list", "--json");
        assertThat(result.status()).isZero();
        JsonNode root = new ObjectMapper().readTree(result.out());
        assertThat(root.get("metrics")).extracting(m -> m.get("name").asText()).containsExactly("counterfact",
                "fluency", "generalization", "locality", "portability", "reliability", "vanilla-generation");
        assertThat(root.get("metrics").get(1).get("measured").asText()).startsWith("when named");
        assertThat(root.get("metrics").get(2).get("measured").asText()).isEqualTo("by default");
        assertThat(root.get("model_adapters")).extracting(a -> a.get("name").asText())
                .containsExactly("gpt2", "gpt_neox", "gptj", "llama", "t5", "tiny");
        assertThat(root.get("model_adapters").get(5).get("model_types").asText()).isEqualTo("amend-tiny");
        assertThat(root.get("broken")).isEmpty();
    }

    @Test
    void printsItsVersion() {
        Result result = amend("--version");
        assertThat(result.status()).isZero();
        assertThat(result.out()).startsWith("amend 0.1.0").contains("djl 0.36.0");
    }

    @Test
    void badUsageAndBadInputExitWithTwo() {
        Result typo = amend("lst");
        assertThat(typo.status()).isEqualTo(2);
        assertThat(typo.err()).contains("Did you mean: amend list");

        Result missing = amend("list", "--plugins", temp.resolve("absent").toString());
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).startsWith("amend: error: plugins directory ").contains("absent");
    }

    @Test
    void withoutArgumentsItPrintsUsage() {
        Result result = amend();
        assertThat(result.status()).isZero();
        assertThat(result.out()).contains("Usage: amend").contains("list");
    }
}
