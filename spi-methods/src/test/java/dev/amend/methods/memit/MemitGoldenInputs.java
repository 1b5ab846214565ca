package dev.amend.methods.memit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.amend.api.edit.EditContext;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.WeightDelta;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.WeightKind;
import dev.amend.api.model.WeightSite;
import dev.amend.methods.golden.GoldenFixture;
import dev.amend.methods.locate.ContextHParams;
import dev.amend.methods.locate.ContextTemplates;
import dev.amend.methods.locate.PromptTemplates;
import dev.amend.methods.locate.TargetTokens;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The inputs of the MEMIT and AlphaEdit goldens (tools/goldens/memit.py, alphaedit.py): the hparams, requests and
 * context templates their golden.json records, the statistics committed under {@code goldens/memit/stats}, and a
 * check that Amend's tokenizer gives the ids the transcription fed its model.
 */
public final class MemitGoldenInputs {

    /** The seed of the golden runs (the templates are installed for it). */
    public static final long SEED = 1234L;

    private MemitGoldenInputs() {}

    /** {@return the hparams map of {@code golden}, with {@code extra} keys on top} */
    public static Map<String, Object> hparams(GoldenFixture golden, Map<String, Object> extra) {
        return hparams(golden, "", extra);
    }

    /**
     * {@return the hparams map of one case of {@code golden} ({@code casePointer}: "" for the main case, a JSON pointer
     * such as {@code /llama} for another), with {@code extra} keys on top}
     */
    public static Map<String, Object> hparams(GoldenFixture golden, String casePointer, Map<String, Object> extra) {
        JsonNode node = golden.json().at(casePointer);
        JsonNode hp = node.get("hparams");
        Map<String, Object> map = new HashMap<>();
        List<Integer> layers = new ArrayList<>();
        node.get("layers").forEach(l -> layers.add(l.asInt()));
        map.put("layers", layers);
        map.put("fact_token", hp.get("fact_token").asText());
        map.put("v_num_grad_steps", hp.get("v_num_grad_steps").asInt());
        map.put("v_lr", hp.get("v_lr").asDouble());
        map.put("v_weight_decay", hp.get("v_weight_decay").asDouble());
        map.put("clamp_norm_factor", hp.get("clamp_norm_factor").asDouble());
        map.put("kl_factor", hp.get("kl_factor").asDouble());
        map.put("rewrite_module_tmp", node.get("rewrite_module_tmp").asText());
        map.put("mom2_dataset", hp.get("mom2_dataset").asText());
        map.put("mom2_dtype", hp.get("mom2_dtype").asText());
        map.put("mom2_n_samples", hp.get("mom2_n_samples").asInt());
        map.put("stats_dir", GoldenFixture.of("memit").file("stats").toString());
        map.putAll(extra);
        return map;
    }

    /** {@return the golden's requests, as given to EasyEdit (before its target spacing)} */
    public static List<EditRequest> requests(GoldenFixture golden) {
        List<EditRequest> out = new ArrayList<>();
        golden.json().get("requests").forEach(r -> out.add(EditRequest.of(r.get("prompt").asText(),
                r.get("subject").asText(), r.get("target_new").asText())));
        return out;
    }

    /** Makes the golden's context templates the ones {@code h}'s edits use on {@code model} with {@link #SEED}. */
    public static void installTemplates(LanguageModel model, GoldenFixture golden, ContextHParams h) {
        List<List<String>> groups = new ArrayList<>();
        golden.json().get("context_templates").forEach(g -> {
            List<String> group = new ArrayList<>();
            g.forEach(t -> group.add(t.asText()));
            groups.add(group);
        });
        ContextTemplates.use(model, h, SEED, new ContextTemplates.Templates(groups, false));
    }

    /**
     * Checks that Amend's tokenizer gives the ids the transcription used: each request's target ids, and its rewriting
     * prompts (each template around the prompt, followed by the target's prefix) and KL prompt.
     *
     * @param casePointer "" for the golden's main case, a JSON pointer such as {@code /llama} for another
     * @param first the index in the golden's per-run lists of {@code requests}' first
     */
    public static void assertSameIds(LanguageModel model, GoldenFixture golden, String casePointer,
                                     List<EditRequest> requests, int first) {
        List<String> flat = new ArrayList<>();
        golden.json().get("context_templates").forEach(g -> g.forEach(t -> flat.add(t.asText())));
        for (int r = 0; r < requests.size(); r++) {
            EditRequest request = requests.get(r);
            int[] target = TargetTokens.ids(model.tokenizer(), Memit.spacedOnce(request.targetNew()));
            assertThat(target).as("target ids of request %d", r)
                    .containsExactly(golden.ints(casePointer + "/target_ids/" + (first + r)));
            for (int t = 0; t < flat.size(); t++) {
                String template = flat.get(t).replace("{}", PromptTemplates.of(request));
                TargetTokens.Rewriting row = TargetTokens.rewriting(model.tokenizer(), template, request.subject(),
                        target);
                assertThat(row.input()).as("rewriting prompt %d of request %d", t, r)
                        .containsExactly(golden.ints(casePointer + "/inputs/" + (first + r) + "/" + t));
            }
            assertThat(model.tokenizer().encode(request.subject() + " is a", true)).as("KL prompt of request %d", r)
                    .containsExactly(golden.ints(casePointer + "/inputs/" + (first + r) + "/" + flat.size()));
        }
    }

    /** {@return the dense update an edit made at {@code layer}'s MLP output projection, canonical [out, in]} */
    public static double[] delta(List<WeightDelta> deltas, int layer) {
        WeightSite site = WeightSite.decoder(layer, WeightKind.MLP_OUT_PROJ);
        for (WeightDelta d : deltas) {
            if (d.site().equals(site)) {
                return ((WeightDelta.Dense) d).delta().toType(ai.djl.ndarray.types.DataType.FLOAT64, false)
                        .toDoubleArray();
            }
        }
        throw new AssertionError("no update of " + site + " among " + deltas);
    }

    /** {@return the golden runs' context} */
    public static EditContext context() {
        return GoldenFixture.runtime().context(SEED, dev.amend.api.Progress.NONE);
    }

}
