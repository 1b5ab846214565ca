package dev.amend.methods.mend;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.amend.methods.golden.GoldenFixture;
import dev.amend.methods.golden.Goldens;
import ai.djl.training.GradientCollector;
import dev.amend.api.edit.Probe;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.WeightSite;
import dev.amend.methods.locate.Checks;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MEND's editor against tools/goldens/mend.py, a transcription of EasyEdit's {@code GradientTransform} (IDMLP,
 * combine, norm) and {@code MEND.edit}: for given gradient factors (one token's gradient zero) and a given trained
 * network, the transformed factors and the weight's update {@code edit_lr · Σ_t δ̃_t ũ_tᵀ}, added to the weight.
 */
class MendGoldenTest {

    private static final GoldenFixture GOLDEN = GoldenFixture.of("mend");
    private static final double TOLERANCE = 1e-4;

    @Test
    void theUpdateForAGivenGradientIsEasyEdits() {
        // mutation (the weight changes by −lr·Σ δ̃ ũᵀ, Amend's earlier sign): "mend update" max_rel_err 2.0 > 1e-4
        int in = GOLDEN.json().get("in").asInt();
        int out = GOLDEN.json().get("out").asInt();
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> golden = GOLDEN.tensors(m);
            Map<String, NDArray> net = new LinkedHashMap<>();
            golden.forEach((name, value) -> {
                if (name.startsWith("net.")) {
                    net.put("0." + name.substring(4), value.toType(DataType.FLOAT32, false));
                }
            });
            net.put("lr", m.create(new float[] {(float) GOLDEN.json().get("edit_lr").asDouble()}));
            MendNet mend = MendNet.of(net, new long[][] {{out, in}}, "golden");
            NDArray u = golden.get("u").toType(DataType.FLOAT32, false);
            NDArray delta = golden.get("delta").toType(DataType.FLOAT32, false);
            NDArray[] f = mend.factors(0, u, delta);
            // the dropped token adds nothing: its row of lr·δ̃ is zero
            int dropped = GOLDEN.json().get("dropped_token").asInt();
            assertThat(f[0].get(dropped).abs().max().getFloat()).isZero();
            NDArray update = f[0].transpose().matMul(f[1]);   // [out, in] = Σ_t (lr·δ̃_t) ũ_tᵀ
            Goldens.assertClose("mend update", update, GOLDEN.values("update"), TOLERANCE);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama"})
    void theGradientFactorsOfEasyEditsEditLoss(String family) {
        // on llama EasyEdit's labels are <s>, a lone ▁ and ▁France (tokenizer(" France")), scored at the last three
        // positions; on gpt2 the answer's token alone
        int layer = GOLDEN.json().get("layer").asInt();
        JsonNode edit = GOLDEN.json().get("edit");
        try (LanguageModel model = GoldenFixture.model(family); NDManager m = NDManager.newBaseManager()) {
            assertThat(model.tokenizer().encode(" " + edit.get(1).asText(), true)).as("labels")
                    .isEqualTo(GOLDEN.ints("/edit_ids/" + family + "/labels"));
            String name = family.equals("gpt2") ? "transformer.h." + layer + ".mlp.c_proj.weight"
                    : "model.layers." + layer + ".mlp.down_proj.weight";
            WeightSite site = Checks.innerMlpOutput(model, name, "MEND");
            GradientFactors factors;
            try (GradientCollector collector = m.getEngine().newGradientCollector()) {
                factors = GradientFactors.captureEasyEdit(model, List.of(site),
                        List.of(new Probe(edit.get(0).asText(), edit.get(1).asText())), m, collector);
            }
            Goldens.assertClose("mend " + family + " u", factors.u().get(0), GOLDEN.values(family + ".u"), TOLERANCE);
            Goldens.assertClose("mend " + family + " delta", factors.delta().get(0), GOLDEN.values(family + ".delta"),
                    TOLERANCE);
        }
    }
}
