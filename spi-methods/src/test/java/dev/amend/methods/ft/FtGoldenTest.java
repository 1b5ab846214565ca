package dev.amend.methods.ft;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.amend.api.Progress;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.WeightSite;
import dev.amend.methods.golden.GoldenFixture;
import dev.amend.methods.golden.Goldens;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * FT-L and FT-M against tools/goldens/ft.py, a transcription of EasyEdit's ft_main.py execute_ft: the tuned weight's
 * change after five Adam steps on the gpt2 fixture, within 1e-3 of the float64 reference (Amend trains in float32).
 */
class FtGoldenTest {

    private static final GoldenFixture GOLDEN = GoldenFixture.of("ft");

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void theTunedWeightMatchesEasyEditsTrajectory(int index) {
        String at = "/cases/" + index;
        JsonNode c = GOLDEN.json().at(at);
        JsonNode hp = c.get("hparams");
        JsonNode norm = hp.get("norm_constraint");
        List<Integer> layers = new ArrayList<>();
        hp.get("layers").forEach(l -> layers.add(l.asInt()));
        FtHParams h = new FtHParams(layers, hp.get("num_steps").asInt(), hp.get("batch_size").asInt(),
                hp.get("lr").asDouble(), hp.get("weight_decay").asDouble(),
                norm.isBoolean() ? NormConstraint.NONE : new NormConstraint(norm.asDouble()),
                hp.get("objective_optimization").asText(), FtHParams.TARGET_ALONE,
                hp.get("rewrite_module_tmp").asText());
        String prompt = c.get("prompt").asText();
        String target = c.get("target_new").asText();
        try (LanguageModel model = GoldenFixture.model("gpt2"); NDManager m = NDManager.newBaseManager()) {
            assertThat(model.tokenizer().encode(prompt, true)).isEqualTo(GOLDEN.ints(at + "/prompt_ids"));
            assertThat(model.tokenizer().encode(" " + target, true)).isEqualTo(GOLDEN.ints(at + "/target_ids"));
            assertThat(model.tokenizer().encode(prompt + " " + target, true)).isEqualTo(GOLDEN.ints(at + "/full_ids"));
            WeightSite site = model.weights().resolveModule(h.rewriteModuleTmp(), layers.get(0));
            assertThat(model.weights().parameterOf(site)).isEqualTo(c.get("parameter").asText());
            NDArray before = model.weights().get(site, m);
            EditRequest request = new EditRequest(prompt, "France", target, null, null, null, null);
            try (AppliedEdit edit = new FtProvider().create(h).apply(model, List.of(request),
                    GoldenFixture.runtime().context(1234L, Progress.NONE))) {
                NDArray delta = model.weights().get(site, m).sub(before);   // canonical [out, in]
                Goldens.assertClose("ft " + c.get("name").asText() + " delta", conv1dLayout(delta),
                        GOLDEN.values(c.get("name").asText() + ".delta"), 1e-3);
            }
        }
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
