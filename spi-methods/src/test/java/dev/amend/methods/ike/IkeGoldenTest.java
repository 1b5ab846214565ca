package dev.amend.methods.ike;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import com.fasterxml.jackson.databind.JsonNode;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.TokenBatch;
import dev.amend.methods.data.TrainingRecords.TrainingRecord;
import dev.amend.methods.golden.GoldenFixture;
import dev.amend.registry.hparams.HParamsCodec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * IKE against EasyEdit's prompt, computed by tools/goldens/ike.py from EasyEdit's {@code encode_ike_facts},
 * {@code apply_ike_to_model} and {@code icl_lm_eval}: the pool's texts, the retrieval query, and the exact ids the
 * edited model reads for a rewrite, a rephrase and a locality row (one string tokenized whole), on the gpt2 (byte-level
 * BPE, where the row's first word keeps its leading-space token only when tokenized with the context) and llama
 * (SentencePiece, {@code <s>} once) fixture tokenizers.
 */
class IkeGoldenTest {

    private static final GoldenFixture GOLDEN = GoldenFixture.of("ike");

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama"})
    void theEditedModelReadsEasyEditsStringTokenizedWhole(String family) {
        // mutation (LeadIn joining the lead-in's ids and the row's, as before): fails on gpt2, "rewrite: what the
        // edited model reads", the row's first word without its leading-space token (220)
        IkeHParams h = new HParamsCodec().defaults(new IkeProvider()).orElseThrow();
        JsonNode json = GOLDEN.json();
        List<TrainingRecord> records = new ArrayList<>();
        json.get("records").forEach(r -> records.add(new TrainingRecord("", r.get("src").asText(),
                r.get("alt").asText(), r.get("rephrase").asText(), r.get("loc").asText(), r.get("loc_ans").asText())));
        List<String> pool = Demonstrations.texts(records, h);
        List<String> expectedPool = new ArrayList<>();
        json.get("pool").forEach(t -> expectedPool.add(t.asText()));
        assertThat(pool).as("encode_ike_facts' sentences").isEqualTo(expectedPool);

        JsonNode edit = json.get("edit");
        String prompt = edit.get("prompt").asText();
        String target = edit.get("target_new").asText();
        String fact = h.bare(prompt) + " " + target;
        assertThat(h.demonstration(fact, prompt)).as("the retrieval query").isEqualTo(json.get("query").asText());

        List<String> chosen = new ArrayList<>();
        json.get("chosen").forEach(i -> chosen.add(pool.get(i.asInt())));
        try (LanguageModel model = GoldenFixture.model(family);
             NDManager m = NDManager.newBaseManager()) {
            EditRequest request = EditRequest.of(prompt, "Paris", target);
            IkeModel.Context both = IkeModel.Context.of(request, chosen, h.lead(fact), null);
            // the fixture models have 64 positions: the ids are compared with the first demonstration (k = 1), the
            // string with both (k = 2, most similar first) as text
            IkeModel view = new IkeModel(model, List.of(IkeModel.Context.of(request, chosen.subList(0, 1),
                    h.lead(fact), null)), null);
            int n = 0;
            for (JsonNode c : json.at("/cases/" + family)) {
                String kind = c.get("kind").asText();
                int[] row = model.tokenizer().encode(c.get("row_text").asText(), true);
                assertThat(row).as(kind + ": the row, by the Rust tokenizer and by hf_tok.py")
                        .isEqualTo(GOLDEN.ints("/cases/" + family + "/" + n + "/row_ids"));
                assertThat(both.prefixes()[2] + model.tokenizer().decode(row)).as(kind + ": EasyEdit's string, k = 2")
                        .isEqualTo(c.get("text_k2").asText());
                int[] expected = GOLDEN.ints("/cases/" + family + "/" + n + "/ids");
                assertThat(model.tokenizer().encode(c.get("text").asText(), true)).as(kind + ": EasyEdit's string")
                        .isEqualTo(expected);
                assertThat(view.inContext(row, 0)).as(kind + ": what the edited model reads").isEqualTo(expected);
                // the row's logits are those of the last row.length positions of EasyEdit's sequence
                float[] read = view.forward(m, TokenBatch.of(row)).logits(0).toFloatArray();
                float[] reference = model.forward(m, TokenBatch.of(expected)).logits(0)
                        .get(new NDIndex("{}:, :", expected.length - row.length)).toFloatArray();
                assertThat(read).as(kind + ": logits").isEqualTo(reference);
                n++;
            }
            assertThat(n).isEqualTo(3);
        }
        System.out.println("GOLDEN ike " + family + " prompt ids: exact");
    }
}
