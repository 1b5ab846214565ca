package dev.amend.methods.wise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditContext;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.TokenBatch;
import dev.amend.methods.golden.GoldenFixture;
import dev.amend.methods.golden.Goldens;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WISE against tools/goldens/wise.py, an independent transcription of EasyEdit's WISE (wise/WISE.py edit,
 * _cal_ft_loss, _cal_activation_loss, euc; WISEAdapter.forward's retrieval), on the gpt2 fixture: one edit's side
 * memory after 70 masked SGD steps, the score its shard keeps, and the routing of five inputs (the golden's logits).
 */
class WiseGoldenTest {

    private static final GoldenFixture GOLDEN = GoldenFixture.of("wise");
    private static LanguageModel model;

    @BeforeAll
    static void load() {
        model = GoldenFixture.model("gpt2");
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void theSideMemoryAndItsRoutingAreEasyEdits() {
        JsonNode json = GOLDEN.json();
        for (int r = 0; r < json.get("rows").size(); r++) {
            assertThat(model.tokenizer().encode(json.get("rows").get(r).asText(), true)).as("row ids")
                    .containsExactly(ints(json.get("row_ids").get(r)));
        }
        try (AppliedEdit edit = apply(hparams(null))) {
            WiseModel view = (WiseModel) edit.model();
            SideMemory memory = view.memory();
            Goldens.assertClose("wise side-memory delta after 70 SGD steps", memory.delta,
                    GOLDEN.values("delta"), 1e-3);
            Goldens.assertClose("wise min_act", new double[] {memory.minScore},
                    new double[] {json.get("min_act").asDouble()}, 1e-3);
            try (NDManager m = NDManager.newBaseManager()) {
                for (int k = 0; k < json.get("routing").size(); k++) {
                    JsonNode input = json.get("routing").get(k);
                    int[] ids = model.tokenizer().encode(input.get("text").asText(), true);
                    assertThat(ids).containsExactly(ints(input.get("ids")));
                    float[] routed = view.forward(m, TokenBatch.of(ids)).logits(0).toFloatArray();
                    float[] main = model.forward(m, TokenBatch.of(ids)).logits(0).toFloatArray();
                    assertThat(routed).as("'%s' answered by the %s memory", input.get("text").asText(),
                                    input.get("side_memory").asBoolean() ? "side" : "main")
                            .matches(l -> java.util.Arrays.equals(l, main) != input.get("side_memory").asBoolean());
                    Goldens.assertClose("wise routed logits " + k, routed, GOLDEN.values("logits." + k), 1e-3);
                }
            }
        }
    }

    /** EasyEdit's WISE templates (wise/utils.py get_context_templates) on the fixture: greedy, its seeds, " {}". */
    @Test
    void contextTemplatesAreMadeAsEasyEditsWiseMakesThem() {
        List<String> expected = new ArrayList<>();
        GOLDEN.json().get("context_templates").forEach(t -> expected.add(t.asText()));
        assertThat(WiseContextTemplates.of(model, List.of(List.of(5, 5), List.of(10, 5)), null))
                .containsExactlyElementsOf(expected);
    }

    /** Amend's score: change (the paper's ‖ΔW x‖) trains another side memory. */
    @Test
    void scoringTheChangeItselfIsNotEasyEdits() {
        try (AppliedEdit edit = apply(hparams(WiseHParams.SCORE_CHANGE))) {
            SideMemory memory = ((WiseModel) edit.model()).memory();
            assertThatThrownBy(() -> Goldens.assertClose("wise delta, score: change", memory.delta,
                    GOLDEN.values("delta"), 1e-3)).isInstanceOf(AssertionError.class);
        }
    }

    private static AppliedEdit apply(WiseHParams h) {
        JsonNode json = GOLDEN.json();
        List<String> templates = new ArrayList<>();
        json.get("templates").forEach(t -> templates.add(t.asText()));
        double[] mask = GOLDEN.values("mask");
        float[] floats = new float[mask.length];
        for (int i = 0; i < mask.length; i++) {
            floats[i] = (float) mask[i];
        }
        Wise.Inputs inputs = new Wise.Inputs(templates, () -> floats, () -> json.get("loc_prompt").asText());
        String prompt = json.get("prompt").asText();
        String subject = prompt.split(" ")[0];
        EditRequest request = EditRequest.of(prompt.replaceFirst(subject, "{}"), subject,
                json.get("target_new").asText());
        return new Wise(h, inputs).apply(model, List.of(request), EditContext.defaults());
    }

    private static WiseHParams hparams(String score) {
        JsonNode hp = GOLDEN.json().get("hparams");
        List<Double> margins = new ArrayList<>();
        hp.get("act_margin").forEach(v -> margins.add(v.asDouble()));
        return new WiseHParams(List.of(hp.get("inner_params").get(0).asText()), hp.get("mask_ratio").asDouble(),
                hp.get("edit_lr").asDouble(), hp.get("n_iter").asInt(), hp.get("norm_constraint").asDouble(), margins,
                hp.get("act_ratio").asDouble(), hp.get("save_freq").asInt(), hp.get("merge_freq").asInt(), "ties",
                "only_label", hp.get("densities").asDouble(), hp.get("weights").asDouble(), true, false,
                "given by the test", List.of(), null, null, null, score, null, null, null, null, "wikipedia", 100000,
                "float32");
    }

    private static int[] ints(JsonNode array) {
        int[] ids = new int[array.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = array.get(i).asInt();
        }
        return ids;
    }
}
