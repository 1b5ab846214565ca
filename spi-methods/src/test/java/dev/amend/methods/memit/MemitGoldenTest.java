package dev.amend.methods.memit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.amend.api.Progress;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.model.LanguageModel;
import dev.amend.methods.golden.GoldenFixture;
import dev.amend.methods.golden.Goldens;
import dev.amend.methods.locate.ClosedForm;
import dev.amend.methods.locate.SecondMoments;
import dev.amend.methods.locate.TargetTokens;
import dev.amend.registry.hparams.HParamsCodec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * MEMIT against the independent transcription of EasyEdit's {@code memit/} (tools/goldens/memit.py): a batch of three
 * edits over both layers of the GPT-2 fixture, given the committed statistics and context templates. The updates
 * follow an Adam trajectory (float32 here, float64 there): 1e-3; each layer's closed form, given the transcription's
 * keys and residuals, 1e-4.
 */
class MemitGoldenTest {

    private static final GoldenFixture GOLDEN = GoldenFixture.of("memit");

    private static MemitHParams hparams(Map<String, Object> extra) {
        return hparams("", extra);
    }

    private static MemitHParams hparams(String casePointer, Map<String, Object> extra) {
        Map<String, Object> map = MemitGoldenInputs.hparams(GOLDEN, casePointer, extra);
        map.put("mom2_update_weight", GOLDEN.json().get("mom2_update_weight").asDouble());
        return new HParamsCodec().fromMap(new MemitProvider(), map, "the MEMIT golden");
    }

    /** {@return the largest relative error of the batch's updates against the golden's} */
    static double batchError(Map<String, Object> extra, boolean assertIt) {
        return batchError("", "gpt2", "", extra, assertIt);
    }

    private static double batchError(String casePointer, String fixture, String prefix, Map<String, Object> extra,
                                     boolean assertIt) {
        MemitHParams h = hparams(casePointer, extra);
        List<EditRequest> requests = MemitGoldenInputs.requests(GOLDEN);
        try (LanguageModel model = GoldenFixture.model(fixture)) {
            MemitGoldenInputs.assertSameIds(model, GOLDEN, casePointer, requests, 0);
            MemitGoldenInputs.installTemplates(model, GOLDEN, h);
            try (AppliedEdit edit = new MemitProvider().create(h).apply(model, requests, MemitGoldenInputs.context())) {
                double worst = 0;
                for (int layer : h.layers()) {
                    double[] actual = MemitGoldenInputs.delta(edit.deltas(), layer);
                    double[] expected = GOLDEN.values(prefix + "delta." + layer);
                    String what = "memit " + prefix + "delta." + layer;
                    worst = Math.max(worst, assertIt ? Goldens.assertClose(what, actual, expected, 1e-3)
                            : Goldens.relativeError(what, actual, expected));
                }
                return worst;
            }
        }
    }

    @Test
    void theBatchUpdateOfEveryLayerMatchesTheTranscription() {
        batchError(Map.of(), true);
    }

    /**
     * The same batch on the LLaMA fixture (SentencePiece: the spaced target alone begins with a lone "▁", which
     * EasyEdit keeps as the label of the prompt's second-last token), with EasyEdit's llama-7b optimisation values.
     */
    @Test
    void theBatchUpdateOnTheLlamaFixtureMatchesTheTranscription() {
        batchError("/llama", "llama", "llama.", Map.of(), true);
    }

    /**
     * Given the transcription's keys and residuals, each layer's {@code ΔW = R Kᵀ (λC + K Kᵀ)⁻¹} (with C read from the
     * committed EasyEdit-layout statistics) matches its update.
     */
    @Test
    void eachLayersClosedFormMatches() {
        MemitHParams h = hparams(Map.of());
        try (LanguageModel model = GoldenFixture.model("gpt2"); NDManager m = NDManager.newBaseManager()) {
            for (int layer : h.layers()) {
                NDArray c = SecondMoments.of(m, model, layer, h, Progress.NONE);
                NDArray keys = array(m, "keys." + layer, 128);
                NDArray resid = array(m, "resid." + layer, 32);
                NDArray update = ClosedForm.update(m, resid,
                        ClosedForm.memitKeyDirections(m, keys, c, h.mom2UpdateWeight()));
                Goldens.assertClose("memit closed form " + layer, update, GOLDEN.values("delta." + layer), 1e-4);
            }
        }
    }

    /** EasyEdit's execute_memit spaces a target only when it has no leading space (ROME spaces every target). */
    @Test
    void aTargetThatStartsWithASpaceIsNotSpacedAgain() {
        try (LanguageModel model = GoldenFixture.model("gpt2")) {
            int[] fox = TargetTokens.ids(model.tokenizer(), Memit.spacedOnce("fox"));
            assertThat(fox).containsExactly(GOLDEN.ints("/target_ids/0"));
            assertThat(TargetTokens.ids(model.tokenizer(), Memit.spacedOnce(" fox"))).containsExactly(fox);
            assertThat(TargetTokens.ids(model.tokenizer(), " fox")).as("ROME's spacing").isNotEqualTo(fox);
        }
    }

    /** The deliberate mutation: the key and target read at the subject's first token fail the golden. */
    @Test
    void keysAtTheSubjectsFirstTokenFailTheGolden() {
        double error = batchError(Map.of("fact_token", "subject_first"), false);
        System.out.printf("MUTATION memit fact_token=subject_first max_rel_err=%.3e%n", error);
        assertThat(error).isGreaterThan(1e-3);
    }

    private static NDArray array(NDManager m, String name, int rows) {
        double[] values = GOLDEN.values(name);
        return m.create(values, new Shape(rows, values.length / rows)).toType(DataType.FLOAT64, false);
    }
}
