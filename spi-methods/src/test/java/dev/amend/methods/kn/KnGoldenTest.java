package dev.amend.methods.kn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.amend.api.Progress;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.WeightKind;
import dev.amend.api.model.WeightSite;
import dev.amend.methods.golden.GoldenFixture;
import dev.amend.methods.golden.Goldens;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * KN against tools/goldens/kn.py, a transcription of EasyEdit's kn_main.py and knowledge_neurons.py (GPT-2 path) on
 * the gpt2 fixture: the attribution scores (1e-3: float32 gradients), the selected neurons (exact), the greedy
 * prediction and the change of each layer's MLP output projection (1e-4). Case 0 scores a five-token answer at the
 * prompt's last position with two batches of two steps; case 1 has {@code steps: 1} (linspace(0, 1, 1) = 0) and a
 * three-token target.
 */
class KnGoldenTest {

    private static final GoldenFixture GOLDEN = GoldenFixture.of("kn");
    private static final String[] SUBJECTS = {"fox", "France"};

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void neuronsAndUpdateMatchEasyEdit(int index) {
        String at = "/cases/" + index;
        JsonNode c = GOLDEN.json().at(at);
        String name = c.get("name").asText();
        KnHParams h = hparams(c, KnHParams.PRE_ACTIVATION, KnHParams.AUTO);
        String prompt = c.get("prompt").asText();
        try (LanguageModel model = GoldenFixture.model("gpt2"); NDManager m = NDManager.newBaseManager()) {
            assertThat(model.tokenizer().encode(prompt, true)).isEqualTo(GOLDEN.ints(at + "/prompt_ids"));
            int[] answer = model.tokenizer().encode(c.get("ground_truth").asText(), true);
            assertThat(answer).isEqualTo(GOLDEN.ints(at + "/answer_ids"));
            int[] target = model.tokenizer().encode(c.get("target_new").asText(), true);
            assertThat(target).isEqualTo(GOLDEN.ints(at + "/target_ids"));

            double[][] scores = KnowledgeNeurons.scores(model, prompt, answer, h);
            Goldens.assertClose("kn " + name + " scores", flat(scores), GOLDEN.values(name + ".scores"), 1e-3);
            assertThat(neurons(KnowledgeNeurons.coarse(model, prompt, answer, h))).isEqualTo(neurons(c));
            assertThat(KnowledgeNeurons.greedyText(model, prompt, target.length))
                    .isEqualTo(GOLDEN.ints(at + "/predicted_ids"));

            List<NDArray> before = new ArrayList<>();
            for (int layer = 0; layer < model.spec().numLayers(); layer++) {
                before.add(model.weights().get(site(layer), m));
            }
            EditRequest request = EditRequest.of(prompt, SUBJECTS[index], c.get("target_new").asText())
                    .withGroundTruth(c.get("ground_truth").asText());
            try (AppliedEdit edit = new KnProvider().create(h).apply(model, List.of(request),
                    GoldenFixture.runtime().context(1234L, Progress.NONE))) {
                for (int layer = 0; layer < model.spec().numLayers(); layer++) {
                    NDArray delta = model.weights().get(site(layer), m).sub(before.get(layer));
                    Goldens.assertClose("kn " + name + " delta layer " + layer, conv1dLayout(delta),
                            GOLDEN.values(name + ".delta." + layer), 1e-4);
                }
            }
        }
    }

    /** The deliberate mutation as an option: neurons read after the activation select other neurons. */
    @Test
    void neuronsReadAfterTheActivationFailTheGolden() {
        JsonNode c = GOLDEN.json().at("/cases/0");
        try (LanguageModel model = GoldenFixture.model("gpt2")) {
            int[] answer = GOLDEN.ints("/cases/0/answer_ids");
            List<List<Integer>> key = neurons(KnowledgeNeurons.coarse(model, c.get("prompt").asText(), answer,
                    hparams(c, KnHParams.KEY, KnHParams.AUTO)));
            assertThat(key).isNotEqualTo(neurons(c));
        }
    }

    /** Greedy extension (EasyEdit's LLaMA path) on GPT-2 is not what EasyEdit computes for GPT-2. */
    @Test
    void greedyAnswerPositionsFailTheGoldenOnGpt2() {
        JsonNode c = GOLDEN.json().at("/cases/0");
        try (LanguageModel model = GoldenFixture.model("gpt2")) {
            double[][] scores = KnowledgeNeurons.scores(model, c.get("prompt").asText(),
                    GOLDEN.ints("/cases/0/answer_ids"), hparams(c, KnHParams.PRE_ACTIVATION, KnHParams.GREEDY_TOKENS));
            assertThat(Goldens.relativeError("greedy", flat(scores), GOLDEN.values("last.scores"))).isGreaterThan(1e-2);
        }
    }

    @Test
    void oneStepScoresAtZeroAsTorchLinspace() {
        assertThat(KnowledgeNeurons.linspace(1)).containsExactly(0f);
        assertThat(KnowledgeNeurons.linspace(3)).containsExactly(0f, 0.5f, 1f);
    }

    private static KnHParams hparams(JsonNode c, String site, String positions) {
        JsonNode hp = c.get("hparams");
        return new KnHParams(hp.get("steps").asInt(), hp.get("batch_size").asInt(),
                hp.get("adaptive_threshold").asDouble(), hp.get("p").asDouble(), hp.get("refine").asBoolean(), site,
                positions, KnHParams.ALONE);
    }

    private static WeightSite site(int layer) {
        return WeightSite.decoder(layer, WeightKind.MLP_OUT_PROJ);
    }

    private static List<List<Integer>> neurons(List<KnowledgeNeurons.Neuron> neurons) {
        return neurons.stream().map(n -> List.of(n.layer(), n.index())).toList();
    }

    private static List<List<Integer>> neurons(JsonNode c) {
        List<List<Integer>> out = new ArrayList<>();
        c.get("neurons").forEach(n -> out.add(List.of(n.get(0).asInt(), n.get(1).asInt())));
        return out;
    }

    private static double[] flat(double[][] scores) {
        return Arrays.stream(scores).flatMapToDouble(Arrays::stream).toArray();
    }

    /** {@code [out, in]} to GPT-2's Conv1D storage {@code [in, out]}, row-major. */
    private static double[] conv1dLayout(NDArray outIn) {
        int out = (int) outIn.getShape().get(0);
        int in = (int) outIn.getShape().get(1);
        float[] values = outIn.toFloatArray();
        double[] stored = new double[values.length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                stored[i * out + o] = values[o * in + i];
            }
        }
        return stored;
    }
}
