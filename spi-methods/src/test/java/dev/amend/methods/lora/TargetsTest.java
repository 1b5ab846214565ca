package dev.amend.methods.lora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amend.api.InvalidInputException;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditContext;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.WeightDelta;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.WeightKind;
import dev.amend.api.model.WeightSite;
import dev.amend.methods.golden.GoldenFixture;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code target_modules} read as peft reads them, on the real GPT-2 and LLaMA adapters' weight names. */
class TargetsTest {

    private static LanguageModel gpt2;
    private static LanguageModel llama;

    @BeforeAll
    static void load() {
        gpt2 = GoldenFixture.model("gpt2");
        llama = GoldenFixture.model("llama");
    }

    @AfterAll
    static void close() {
        gpt2.close();
        llama.close();
    }

    private static LoraHParams h(String type, List<Integer> layers, String... targets) {
        return new LoraHParams(type, layers, 2, 1, 1e-2, 0, 4, 8, 0, List.of(targets), 4, 0.5, false, false);
    }

    private static List<String> names(LanguageModel model, LoraHParams h) {
        return Targets.resolve(model, h).stream().map(Targets.Module::name).toList();
    }

    @Test
    void aFusedModuleIsOneAdapterOverItsQueryKeyAndValueRows() {
        List<Targets.Module> modules = Targets.resolve(gpt2, h("adalora", List.of(), "c_attn"));
        assertThat(modules).extracting(Targets.Module::name)
                .containsExactly("transformer.h.0.attn.c_attn", "transformer.h.1.attn.c_attn");
        Targets.Module first = modules.get(0);
        assertThat(first.sites()).extracting(WeightSite::kind)
                .containsExactly(WeightKind.ATTN_Q, WeightKind.ATTN_K, WeightKind.ATTN_V);
        assertThat(first.outs()).containsExactly(32L, 32L, 32L);
        assertThat(first.in()).isEqualTo(32);
        assertThat(first.hooked()).isFalse();
    }

    @Test
    void aSuffixMatchesEveryModuleEndingWithItAsInPeft() {
        assertThat(names(gpt2, h("lora", List.of(1), "c_proj")))
                .containsExactly("transformer.h.1.attn.c_proj", "transformer.h.1.mlp.c_proj");
        assertThat(Targets.resolve(gpt2, h("lora", List.of(1), "mlp.c_proj")).get(0).hooked()).isTrue();
        assertThat(names(llama, h("adalora", List.of(), "q_proj", "v_proj"))).containsExactly(
                "model.layers.0.self_attn.q_proj", "model.layers.0.self_attn.v_proj",
                "model.layers.1.self_attn.q_proj", "model.layers.1.self_attn.v_proj");
    }

    @Test
    void templatesAndCanonicalKindsNameTheSameWeights() {
        assertThat(names(gpt2, h("lora", List.of(0), "transformer.h.{}.mlp.c_proj")))
                .containsExactly("transformer.h.0.mlp.c_proj");
        assertThat(names(gpt2, h("lora", List.of(0), "attn_q", "attn_v")))
                .containsExactly("decoder.0.attn_q", "decoder.0.attn_v");
        assertThat(names(llama, h("lora", List.of(1), "mlp_out_proj"))).containsExactly("decoder.1.mlp_out_proj");
    }

    @Test
    void aKeyMatchingNothingIsRefused() {
        assertThatThrownBy(() -> Targets.resolve(gpt2, h("lora", List.of(), "q_proj")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'q_proj' matches no weight");
    }

    @Test
    void adaLoraOnLlamaQueryAndValueProjectionsEditsThemAndReverts() {
        String before = llama.weights().fingerprint();
        LoraHParams h = new LoraHParams("adalora", List.of(), 3, 1, 1e-2, 0, 8, 32, 0.1,
                List.of("q_proj", "v_proj"), 4, 0.5, false, false);
        try (AppliedEdit edit = new Lora(h).apply(llama, List.of(EditRequest.of("The quick brown fox", "fox",
                "jumps")), EditContext.defaults())) {
            assertThat(edit.deltas()).extracting(WeightDelta::site).containsExactly(
                    WeightSite.decoder(0, WeightKind.ATTN_Q), WeightSite.decoder(0, WeightKind.ATTN_V),
                    WeightSite.decoder(1, WeightKind.ATTN_Q), WeightSite.decoder(1, WeightKind.ATTN_V));
            assertThat(edit.state().tensors()).containsKeys("adapter.model.layers.0.self_attn.q_proj.A",
                    "adapter.model.layers.0.self_attn.q_proj.B", "adapter.model.layers.0.self_attn.q_proj.E");
            assertThat(llama.weights().fingerprint()).isNotEqualTo(before);
        }
        assertThat(llama.weights().fingerprint()).isEqualTo(before);
    }
}
