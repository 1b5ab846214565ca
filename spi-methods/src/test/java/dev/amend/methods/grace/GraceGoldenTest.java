package dev.amend.methods.grace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditContext;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.model.LanguageModel;
import dev.amend.methods.golden.GoldenFixture;
import dev.amend.methods.golden.Goldens;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GRACE against tools/goldens/grace.py, an independent transcription of EasyEdit's GRACE (grace/GRACE.py, utils.py) and
 * of its generation-based evaluation (evaluate_utils.py test_prediction_acc, vanilla_generation), on the gpt2 fixture:
 * four sequential edits (a new key, then three splits, the last one caused by EasyEdit's prepended label list), the
 * codebook they leave, and the greedy generations that EasyEdit scores.
 */
class GraceGoldenTest {

    private static final GoldenFixture GOLDEN = GoldenFixture.of("grace");
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
    void theCodebookAndTheGenerationsAreEasyEdits() {
        GraceHParams h = hparams("easyedit");
        try (AppliedEdit edit = new Grace(h, coldValues()).apply(model, requests(), EditContext.defaults())) {
            GraceModel view = (GraceModel) edit.model();
            Codebook book = view.codebook();
            assertThat(book.size()).as("entries: one per edit, each a new key or a split").isEqualTo(4);
            Goldens.assertClose("grace keys", flat(book.keys()), GOLDEN.values("keys"), 1e-4);
            Goldens.assertClose("grace epsilons", book.radii(), GOLDEN.values("epsilons"), 1e-4);
            Goldens.assertClose("grace values after 50 Adam steps each", flat(book.values()), GOLDEN.values("values"),
                    1e-3);
            for (JsonNode probe : GOLDEN.json().get("probes")) {
                int[] prompt = model.tokenizer().encode(probe.get("prompt").asText(), true);
                int[] target = model.tokenizer().encode(probe.get("target").asText(), false);
                assertThat(prompt).as("prompt ids").containsExactly(ints(probe.get("prompt_ids")));
                assertThat(target).as("target ids without the leading space").containsExactly(
                        ints(probe.get("target_ids")));
                int[] generated = view.generate(List.of(prompt), target.length).get(0);
                assertThat(generated).as("greedy generation after '%s'", probe.get("prompt").asText())
                        .containsExactly(ints(probe.get("generated_ids")));
            }
        }
    }

    /** Amend's label_match: answer extends the first key on the fourth edit, which EasyEdit splits. */
    @Test
    void matchingLabelsByAnswerIsAnotherCodebook() {
        try (AppliedEdit edit = new Grace(hparams("answer"), coldValues()).apply(model, requests(),
                EditContext.defaults())) {
            Codebook book = ((GraceModel) edit.model()).codebook();
            assertThat(book.size()).isEqualTo(3);
            double[] expected = GOLDEN.values("epsilons");
            assertThatThrownBy(() -> Goldens.assertClose("grace epsilons, label_match: answer",
                    book.radii(), expected, 1e-4)).isInstanceOf(AssertionError.class);
        }
    }

    /**
     * EasyEdit's gpt2-xl.yaml puts the codebook at the up projection (c_fc): the key is the MLP's input, a value the
     * pre-activation, so the MLP key becomes act(value). One edit makes the prompt say the target; another prompt is
     * left alone.
     */
    @Test
    void anUpProjectionHoldsTheCodebookAsEasyEditsGpt2XlDoes() {
        GraceHParams h = new GraceHParams(List.of("transformer.h[0].mlp.c_fc.weight"), 1.0, 50, 1.0, "euc", "cold",
                "sgd", "replace_last", "coverage", null, null, null);
        EditRequest request = EditRequest.of("{} quick brown fox", "The", "book");
        int[] prompt = model.tokenizer().encode("The quick brown fox", true);
        int[] other = model.tokenizer().encode("Alice gave Bob a small red", true);
        int[] book = model.tokenizer().encode(" book", false);
        try (AppliedEdit edit = new Grace(h).apply(model, List.of(request), EditContext.defaults())) {
            Codebook codebook = ((GraceModel) edit.model()).codebook();
            assertThat(codebook.keys().get(0)).hasSize(32);            // the MLP input: hidden
            assertThat(codebook.values().get(0)).hasSize(128);         // the pre-activation: MLP width
            assertThat(edit.model().generate(List.of(prompt), 1).get(0)).containsExactly(book);
            assertThat(edit.model().generate(List.of(other), 3).get(0))
                    .containsExactly(model.generate(List.of(other), 3).get(0));
        }
    }

    private static GraceHParams hparams(String labelMatch) {
        JsonNode hp = GOLDEN.json().get("hparams");
        return new GraceHParams(List.of(hp.get("inner_params").get(0).asText()), hp.get("edit_lr").asDouble(),
                hp.get("n_iter").asInt(), hp.get("eps").asDouble(), "euc", "cold", "sgd", "replace_last",
                hp.get("eps_expand").asText(), "last", labelMatch, false);
    }

    private static List<EditRequest> requests() {
        List<EditRequest> requests = new ArrayList<>();
        for (JsonNode e : GOLDEN.json().get("edits")) {
            String prompt = e.get("prompt").asText();
            String subject = prompt.split(" ")[0];
            requests.add(EditRequest.of(prompt.replaceFirst(subject, "{}"), subject, e.get("target_new").asText()));
            assertThat(model.tokenizer().encode(prompt + " " + e.get("target_new").asText(), true))
                    .as("the edit's input ids").containsExactly(ints(e.get("input_ids")));
        }
        return requests;
    }

    /** The golden's cold values (torch.rand), in the order the edits draw them. */
    private static java.util.function.Supplier<float[]> coldValues() {
        Deque<float[]> queue = new ArrayDeque<>();
        for (int k = 0; k < GOLDEN.json().get("edits").size(); k++) {
            double[] v = GOLDEN.values("cold." + k);
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
            queue.add(f);
        }
        return queue::poll;
    }

    private static double[] flat(List<float[]> rows) {
        int width = rows.get(0).length;
        double[] flat = new double[rows.size() * width];
        for (int r = 0; r < rows.size(); r++) {
            for (int i = 0; i < width; i++) {
                flat[r * width + i] = rows.get(r)[i];
            }
        }
        return flat;
    }

    private static int[] ints(JsonNode array) {
        int[] ids = new int[array.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = array.get(i).asInt();
        }
        return ids;
    }
}
