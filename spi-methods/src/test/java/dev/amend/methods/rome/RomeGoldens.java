package dev.amend.methods.rome;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amend.api.Progress;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditContext;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.WeightDelta;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.Tokenizer;
import dev.amend.methods.golden.GoldenFixture;
import dev.amend.methods.golden.Goldens;
import dev.amend.methods.locate.ContextTemplates;
import dev.amend.methods.locate.FactToken;
import dev.amend.methods.locate.PromptTemplates;
import dev.amend.methods.locate.TargetOptimization;
import dev.amend.methods.locate.TargetTokens;
import dev.amend.registry.hparams.HParamsCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a ROME-family golden case (tools/goldens/rome.py, rrome.py): the tokens Amend derives, then the whole edit
 * through the provider on the same model, statistics file and context templates.
 */
public final class RomeGoldens {

    /** The edit's seed (the context templates are given, so it only keys their cache entry). */
    public static final long SEED = 11;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RomeGoldens() {}

    /** The case's JSON ({@code cases/<name>}). */
    public static JsonNode caseOf(GoldenFixture golden, String name) {
        return golden.json().get("cases").get(name);
    }

    /** {@return the case's hparams for {@code provider}, statistics from the fixture, with {@code overrides}} */
    public static RomeHParams hparams(EditMethodProvider<RomeHParams> provider, GoldenFixture golden, String name,
                                      Map<String, Object> overrides) {
        @SuppressWarnings("unchecked")
        Map<String, Object> values = JSON.convertValue(caseOf(golden, name).get("hparams"), LinkedHashMap.class);
        values.put("stats_dir", golden.file("stats").toString());
        values.putAll(overrides);
        return new HParamsCodec().fromMap(provider, values, golden.method() + " golden " + name);
    }

    /** The request as EasyEdit received it (its prompt holds the subject; Amend finds it as EasyEdit does). */
    public static EditRequest request(GoldenFixture golden, String name) {
        JsonNode r = caseOf(golden, name).get("request");
        return EditRequest.of(PromptTemplates.fill(r.get("prompt").asText(), r.get("subject").asText()),
                r.get("subject").asText(), r.get("target_new").asText());
    }

    /** The case's context templates, in their groups. */
    public static ContextTemplates.Templates templates(GoldenFixture golden, String name) {
        List<List<String>> groups = new ArrayList<>();
        caseOf(golden, name).get("context_groups").forEach(g -> {
            List<String> group = new ArrayList<>();
            g.forEach(t -> group.add(t.asText()));
            groups.add(group);
        });
        return new ContextTemplates.Templates(groups, false);
    }

    /** Asserts that Amend's tokenizer and TargetTokens / FactToken give the ids the golden recorded. */
    public static void assertSameTokens(LanguageModel model, GoldenFixture golden, String name, RomeHParams h) {
        JsonNode ids = caseOf(golden, name).get("ids");
        String pointer = "/cases/" + name + "/ids/";
        Tokenizer tok = model.tokenizer();
        EditRequest request = request(golden, name);
        String prompt = PromptTemplates.of(request);
        List<String> prompts = templates(golden, name).around(prompt);
        FactToken factToken = FactToken.parse(h.factToken());
        int[] target = TargetTokens.ids(tok, request.targetNew());
        assertThat(target).as("target ids").containsExactly(golden.ints(pointer + "target"));
        for (int i = 0; i < prompts.size(); i++) {
            assertThat(tok.encode(PromptTemplates.fill(prompts.get(i), request.subject()), true)).as("key text %d", i)
                    .containsExactly(golden.ints(pointer + "key_texts/" + i));
            assertThat(factToken.index(tok, prompts.get(i), request.subject())).as("key position %d", i)
                    .isEqualTo(ids.get("key_positions").get(i).asInt());
            TargetTokens.Rewriting row = TargetTokens.rewriting(tok, prompts.get(i), request.subject(), target);
            assertThat(row.input()).as("rewriting prompt %d", i)
                    .containsExactly(golden.ints(pointer + "rewriting_inputs/" + i));
            assertThat(factToken.index(tok, row.template(), request.subject())).as("lookup %d", i)
                    .isEqualTo(ids.get("lookups").get(i).asInt());
        }
        assertThat(tok.encode(PromptTemplates.fill(TargetOptimization.KL_TEMPLATE, request.subject()), true))
                .as("KL prompt").containsExactly(golden.ints(pointer + "kl_input"));
    }

    /**
     * Applies {@code provider}'s method with {@code h} to the case and returns the measured relative error of the
     * weight delta against the golden's (asserting it under {@code tolerance}; a huge tolerance only measures).
     */
    public static double editError(EditMethodProvider<RomeHParams> provider, GoldenFixture golden, String name,
                                   RomeHParams h, double tolerance) {
        String fixture = caseOf(golden, name).get("fixture").asText();
        try (LanguageModel model = GoldenFixture.model(fixture); NDManager manager = NDManager.newBaseManager()) {
            EditContext context = GoldenFixture.runtime().context(SEED, Progress.NONE);
            ContextTemplates.use(model, h, SEED, templates(golden, name));
            try (AppliedEdit edit = provider.create(h).apply(model, List.of(request(golden, name)), context)) {
                List<WeightDelta> deltas = edit.deltas();
                assertThat(deltas).hasSize(1);
                WeightDelta.LowRank delta = (WeightDelta.LowRank) deltas.get(0);
                NDArray dense = delta.materialize(manager);
                String what = golden.method() + " " + name;
                if (tolerance < 1) {
                    Goldens.assertClose(what + " left (key direction)", delta.v(), golden.values(name + ".left"),
                            1e-4);
                    Goldens.assertClose(what + " right", delta.u(), golden.values(name + ".right"), tolerance);
                }
                return Goldens.assertClose(what + " weight delta", dense, golden.values(name + ".weight_delta"),
                        tolerance);
            }
        }
    }
}
