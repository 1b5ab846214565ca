package dev.amend.methods.serac;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import dev.amend.api.model.LanguageModel;
import dev.amend.methods.context.LeadIn;
import dev.amend.methods.golden.GoldenFixture;
import dev.amend.methods.golden.Goldens;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SERAC against tools/goldens/serac.py, a transcription of EasyEdit's {@code trainer/algs/SERAC.py}: the coverage of
 * given embeddings under each distance, the routing it gives, the combination of given base and counterfactual logits
 * (soft, EasyEdit's files; hard, {@code supervised: true}), the classifier's stored text and the counterfactual model's
 * input ids.
 */
class SeracGoldenTest {

    private static final GoldenFixture GOLDEN = GoldenFixture.of("serac");
    private static final double TOLERANCE = 1e-4;

    @Test
    void coverageAndRoutingForGivenEmbeddings() {
        double[] stored = GOLDEN.values("stored");
        double[] queries = GOLDEN.values("queries");
        for (String form : new String[] {"square", "euclid", "cos"}) {
            ScopeClassifier classifier = new ScopeClassifier(null, form.equals("cos"), form.equals("square"));
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray logP = classifier.logCoverage(array(m, queries, 4), array(m, stored, 3), 1.0);
                Goldens.assertClose("serac " + form + " log-coverage", logP, GOLDEN.values(form + ".log_sims"),
                        TOLERANCE);
                float[] flat = logP.toFloatArray();
                JsonNode route = GOLDEN.json().at("/routes/" + form);
                for (int q = 0; q < 4; q++) {
                    float[] row = new float[3];
                    System.arraycopy(flat, q * 3, row, 0, 3);
                    SeracModel.Route r = SeracModel.nearest(row);
                    assertThat(r.edit()).as(form + " query " + q + " nearest").isEqualTo(route.at("/nearest/" + q)
                            .asInt());
                    assertThat(r.covered()).as(form + " query " + q + " covered").isEqualTo(route.at("/covered/" + q)
                            .asBoolean());
                    assertThat(r.coverage()).isCloseTo(route.at("/coverage/" + q).asDouble(),
                            org.assertj.core.api.Assertions.within(1e-5));
                }
            }
        }
    }

    @Test
    void softAndHardCombinationOfGivenLogits() {
        double[] base = GOLDEN.values("base");
        double[] rep = GOLDEN.values("rep");
        JsonNode weights = GOLDEN.json().get("weights");
        try (NDManager m = NDManager.newBaseManager()) {
            for (int i = 0; i < weights.size(); i++) {
                double w = weights.get(i).asDouble();
                NDArray b = array(m, base, 3);
                NDArray c = array(m, rep, 3);
                Goldens.assertClose("serac soft mixture w=" + w, SeracModel.mix(b, c, w), GOLDEN.values("soft." + i),
                        TOLERANCE);
                NDArray hard = new SeracModel.Route(0, w).covered() ? c : b;
                Goldens.assertClose("serac hard routing w=" + w, hard, GOLDEN.values("hard." + i), 1e-6);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama"})
    void storedTextAndCounterfactualInputIds(String family) {
        JsonNode json = GOLDEN.json();
        SeracArchive archive = new SeracArchive(Path.of("c"), Path.of("r"), false, true, "{prompt} {target}", "");
        for (int e = 0; e < json.get("edits").size(); e++) {
            JsonNode edit = json.get("edits").get(e);
            assertThat(ScopeClassifier.storedText(edit.get(0).asText(), edit.get(1).asText()))
                    .as("build_cls_cache_inputs").isEqualTo(json.get("stored_texts").get(e).asText());
        }
        try (LanguageModel model = GoldenFixture.model(family)) {
            LeadIn leadIn = LeadIn.of(model.tokenizer());
            for (int i = 0; i < json.get("rows").size(); i++) {
                JsonNode edit = json.get("edits").get(json.get("rows").get(i).get(0).asInt());
                int[] row = model.tokenizer().encode(json.get("rows").get(i).get(1).asText(), true);
                assertThat(row).isEqualTo(GOLDEN.ints("/ids/" + family + "/" + i + "/row_ids"));
                String lead = SeracModel.leadText(archive, edit.get(0).asText(), edit.get(1).asText());
                assertThat(leadIn.join(lead, row)).as("build_rep_input_tokens, " + family + " row " + i)
                        .isEqualTo(GOLDEN.ints("/ids/" + family + "/" + i + "/ids"));
            }
        }
        System.out.println("GOLDEN serac " + family + " counterfactual input ids: exact");
    }

    private static NDArray array(NDManager m, double[] values, int rows) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return m.create(f, new Shape(rows, values.length / rows));
    }
}
