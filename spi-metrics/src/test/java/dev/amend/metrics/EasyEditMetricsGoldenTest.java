package dev.amend.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amend.api.NoHParams;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.Probe;
import dev.amend.api.metric.Metric;
import dev.amend.api.metric.MetricProvider;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.api.model.WeightKind;
import dev.amend.api.model.WeightSite;
import dev.amend.registry.AmendRuntime;
import dev.amend.toolkit.model.TeacherForcing;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The four metrics against a Python transcription of EasyEdit's (tools/goldens/metrics.py: evaluate_utils.py
 * test_prediction_acc, teacher-forced and vanilla_generation, with evaluate.py's compute_*_quality and editor.py's
 * locality) on the gpt2 model fixture; the "edit" halves layer 0's MLP output projection weight, in both.
 */
class EasyEditMetricsGoldenTest {

    private static final Path MODEL = Path.of("..", "spi-models", "src", "test", "resources", "fixtures", "gpt2");
    private static JsonNode golden;
    private static LanguageModel pre;
    private static LanguageModel post;
    private static List<EditRequest> requests;

    @BeforeAll
    static void load() throws Exception {
        golden = new ObjectMapper().readTree(EasyEditMetricsGoldenTest.class.getResourceAsStream(
                "/goldens/metrics/golden.json"));
        AmendRuntime runtime = AmendRuntime.create(null);
        pre = runtime.models().load(MODEL, LoadOptions.cpu());
        post = runtime.models().load(MODEL, LoadOptions.cpu());
        JsonNode edit = golden.path("edit");
        WeightSite site = WeightSite.decoder(edit.path("layer").asInt(), WeightKind.MLP_OUT_PROJ);
        try (NDManager manager = NDManager.newBaseManager()) {
            post.weights().set(site, post.weights().get(site, manager).mul((float) edit.path("scale").asDouble()));
        }
        requests = new ArrayList<>();
        for (JsonNode r : golden.path("requests")) {
            EditRequest request = new EditRequest(r.path("prompt").asText(), r.path("prompt").asText().split(" ")[0],
                    r.path("target_new").asText(),
                    null, List.of(r.path("rephrase_prompt").asText()), probes(r.path("locality")),
                    probes(r.path("portability")));
            requests.add(request);
        }
    }

    private static Map<String, List<Probe>> probes(JsonNode groups) {
        Map<String, List<Probe>> out = new LinkedHashMap<>();
        groups.properties().forEach(g -> {
            List<Probe> probes = new ArrayList<>();
            g.getValue().forEach(p -> probes.add(new Probe(p.get(0).asText(), p.get(1).asText())));
            out.put(g.getKey(), probes);
        });
        return out;
    }

    @AfterAll
    static void close() {
        pre.close();
        post.close();
    }

    private static List<Map<String, Double>> score(MetricProvider<NoHParams> provider) {
        @SuppressWarnings("unchecked")
        Metric<Object> metric = (Metric<Object>) provider.create(new NoHParams());
        return metric.score(post, requests, metric.observe(pre, requests));
    }

    /** EasyEdit's per-key lists averaged over probes, and each group's mean where a request has several. */
    private static Map<String, Double> expected(JsonNode scores, String prefix, String name, String suffix) {
        Map<String, Double> out = new LinkedHashMap<>();
        double total = 0;
        int count = 0;
        List<Map.Entry<String, JsonNode>> groups = scores.properties().stream()
                .filter(e -> e.getKey().startsWith(prefix + ".")).toList();
        for (Map.Entry<String, JsonNode> g : groups) {
            double sum = 0;
            for (JsonNode v : g.getValue()) {
                sum += v.asDouble();
            }
            if (groups.size() > 1) {
                out.put(name + suffix + "." + g.getKey().substring(prefix.length() + 1), sum / g.getValue().size());
            }
            total += sum;
            count += g.getValue().size();
        }
        if (count > 0) {
            out.put(name + suffix, total / count);
        }
        return out;
    }

    private static void assertScores(List<Map<String, Double>> actual, String scoring, String suffix,
                                     String... metrics) {
        double tolerance = golden.path("tolerance").asDouble();
        for (int i = 0; i < requests.size(); i++) {
            JsonNode s = golden.path("scores").get(i).path(scoring);
            Map<String, Double> want = new LinkedHashMap<>();
            for (String m : metrics) {
                switch (m) {
                    case "reliability" -> want.put("reliability" + suffix, s.path("rewrite_acc").asDouble());
                    case "generalization" -> want.put("generalization" + suffix, s.path("rephrase_acc").asDouble());
                    default -> want.putAll(expected(s, m, m, suffix));
                }
            }
            for (Map.Entry<String, Double> e : want.entrySet()) {
                assertThat(actual.get(i)).as("request " + i + " " + scoring).containsKey(e.getKey());
                assertThat(actual.get(i).get(e.getKey())).as("request " + i + " " + e.getKey())
                        .isCloseTo(e.getValue(), within(tolerance));
            }
            System.out.println("GOLDEN metrics " + scoring + " request " + i + " " + want + " == " + actual.get(i));
        }
    }

    @Test
    void teacherForcedIdsAreTheTranscriptions() {
        for (int i = 0; i < requests.size(); i++) {
            JsonNode ids = golden.path("scores").get(i).path("ids").path("rewrite");
            TeacherForcing.Row row = TeacherForcing.decoderOnly(post.tokenizer(),
                    new Probe(requests.get(i).filledPrompt(), requests.get(i).targetNew()));
            int[] input = ids(ids.path("input_ids"));
            assertThat(row.input()).containsExactly(java.util.Arrays.copyOf(input, input.length - 1));
            assertThat(row.answer()).containsExactly(ids(ids.path("labels")));
            assertThat(post.tokenizer().encode(requests.get(i).targetNew(), false))
                    .containsExactly(ids(ids.path("target_ids")));
        }
    }

    private static int[] ids(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }

    @Test
    void teacherForcedMetricsAreEasyEdits() {
        assertScores(score(new CoreMetricProviders.Reliability()), "teacher_forcing", "", "reliability");
        assertScores(score(new CoreMetricProviders.Generalization()), "teacher_forcing", "", "generalization");
        assertScores(score(new CoreMetricProviders.Portability()), "teacher_forcing", "", "portability");
        assertScores(score(new CoreMetricProviders.LocalityProvider()), "teacher_forcing", "", "locality");
    }

    @Test
    void vanillaGenerationIsEasyEditsGraceScoring() {
        assertScores(score(new VanillaGenerationProvider()), "vanilla_generation", "_gen",
                "reliability", "generalization", "portability", "locality");
    }
}
