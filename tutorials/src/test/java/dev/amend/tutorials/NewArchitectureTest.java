package dev.amend.tutorials;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/tutorials/03-add-a-model-architecture.md: its program, run as the page says, prints what the page shows. */
class NewArchitectureTest {

    @Test
    void theAdaptersSitesServeAnEditOfTheTinyGptNeox() throws Exception {
        String out = TutorialProgram.run("NewArchitecture");

        // tag::expected[]
        List<String> expected = List.of(
                "gpt_neox: 2 layers, width 32, 14 hook sites",
                "layer 0's hook sites: [decoder.0.resid_pre, decoder.0.attn_out, decoder.0.mlp_in, decoder.0.mlp_pre, "
                        + "decoder.0.mlp_key, decoder.0.mlp_out]",
                "gpt_neox.layers.1.mlp.dense_4h_to_h is decoder.1.mlp_out_proj, out x in = (32, 128)",
                "reliability before/after: 0.0 / 1.0");
        // end::expected[]
        assertThat(out.lines()).containsExactlyElementsOf(expected);
    }
}
