package dev.amend.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.amend.api.model.Architecture;
import dev.amend.api.model.HookPoint;
import dev.amend.api.model.HookSite;
import dev.amend.api.model.Hooks;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.api.model.Stack;
import dev.amend.api.model.TokenBatch;
import dev.amend.registry.AmendRuntime;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fixture against its independent float64 reference: logits at every position, the residual stream after every
 * block, and the MLP key at one layer. Float32 checkpoints must agree within 1e-4; F16 and BF16 checkpoints must give
 * the same argmax everywhere (and in fact agree closely, since the weights are the same rounded values).
 */
class GoldenTest {

    private static final double F32_TOLERANCE = 1e-4;
    private static final double HALF_TOLERANCE = 1e-3;

    static List<Fixture> fixtures() {
        return Fixture.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void matchesTheFloat64Reference(Fixture fixture) throws IOException {
        AmendRuntime runtime = AmendRuntime.create(null);
        try (LanguageModel model = runtime.models().load(fixture.directory(), LoadOptions.cpu());
             NDManager m = NDManager.newBaseManager()) {
            assertThat(model.spec().modelType()).isEqualTo(fixture.modelType());
            double tolerance = fixture.dtype().equals("F32") ? F32_TOLERANCE : HALF_TOLERANCE;
            double worstLogit = 0;
            double worstHidden = 0;
            List<JsonNode> cases = fixture.cases();
            List<int[]> batchEncoded = model.tokenizer().encodeAll(cases.stream().map(c -> c.get("text").asText())
                    .toList(), true);
            for (int k = 0; k < cases.size(); k++) {
                assertThat(batchEncoded.get(k)).as(fixture + " batch-encoded case " + k)
                        .containsExactly(Fixture.ids(cases.get(k).get("input_ids")));
            }
            for (int k = 0; k < cases.size(); k++) {
                JsonNode c = cases.get(k);
                assertThat(model.tokenizer().encode(c.get("text").asText(), true)).as(fixture + " case " + k + " ids")
                        .containsExactly(Fixture.ids(c.get("input_ids")));
                if (c.has("decoder_text")) {
                    int[] decoder = model.tokenizer().encode(c.get("decoder_text").asText(), false);
                    assertThat(decoder).as(fixture + " case " + k + " decoder ids").containsExactly(
                            java.util.Arrays.copyOfRange(Fixture.ids(c.get("decoder_input_ids")), 1,
                                    c.get("decoder_input_ids").size()));
                    assertThat(c.get("decoder_input_ids").get(0).asInt()).isEqualTo(model.decoderStartId());
                }
                Map<String, NDArray> captured = new LinkedHashMap<>();
                Hooks hooks = Hooks.none();
                for (HookSite site : model.hookSites()) {
                    if (site.point() == HookPoint.RESID_POST) {
                        hooks = hooks.observe(site, a -> captured.put(hiddenName(model, site), a.get(0)));
                    }
                }
                hooks = hooks.observe(HookSite.decoder(fixture.mlpKeyLayer(), HookPoint.MLP_KEY),
                        a -> captured.put("mlp_key", a.get(0)));
                TokenBatch batch = model.spec().architecture() == Architecture.ENCODER_DECODER
                        ? TokenBatch.encoderDecoder(List.of(Fixture.ids(c.get("input_ids"))),
                                List.of(Fixture.ids(c.get("decoder_input_ids"))))
                        : TokenBatch.of(Fixture.ids(c.get("input_ids")));
                NDArray logits = model.forward(m, batch, hooks).logits(0);
                String at = fixture + " case " + k;

                NDArray expected = fixture.reference(m, "case" + k + ".logits");
                worstLogit = Math.max(worstLogit, assertClose(logits, expected, tolerance, at + " logits"));
                assertThat(logits.argMax(-1).toLongArray()).as(at + " argmax")
                        .containsExactly(expected.argMax(-1).toLongArray());
                for (Map.Entry<String, NDArray> e : captured.entrySet()) {
                    NDArray reference = fixture.reference(m, "case" + k + "." + e.getKey());
                    assertThat(reference).as(at + " reference " + e.getKey()).isNotNull();
                    worstHidden = Math.max(worstHidden,
                            assertClose(e.getValue(), reference, tolerance, at + " " + e.getKey()));
                }
            }
            System.out.printf("golden %-14s %-4s max|Δlogit| %.2e  max|Δhidden/key| %.2e  (%d cases, %d captures)%n",
                    fixture, fixture.dtype(), worstLogit, worstHidden, cases.size(), model.hookSites().stream()
                            .filter(s -> s.point() == HookPoint.RESID_POST).count() + 1);
        }
    }

    private static String hiddenName(LanguageModel model, HookSite site) {
        if (model.spec().architecture() == Architecture.DECODER_ONLY) {
            return "hidden." + site.layer();
        }
        return (site.stack() == Stack.ENCODER ? "encoder_hidden." : "decoder_hidden.") + site.layer();
    }

    /** Fails unless every element is within tolerance; returns the largest difference. */
    private static double assertClose(NDArray actual, NDArray expected, double tolerance, String what) {
        assertThat(actual.getShape()).as(what + " shape").isEqualTo(expected.getShape());
        double worst = actual.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).sub(expected).abs().max()
                .getDouble();
        assertThat(worst).as(what + ": max |Δ|").isLessThan(tolerance);
        return worst;
    }
}
