package dev.amend.methods.alphaedit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.amend.api.Progress;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditMethod;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.model.LanguageModel;
import dev.amend.methods.golden.GoldenFixture;
import dev.amend.methods.golden.Goldens;
import dev.amend.methods.locate.ClosedForm;
import dev.amend.methods.locate.SecondMoments;
import dev.amend.methods.memit.MemitGoldenInputs;
import dev.amend.registry.hparams.HParamsCodec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * AlphaEdit against the independent transcription of EasyEdit's {@code alphaedit/AlphaEdit_main.py}
 * (tools/goldens/alphaedit.py) on the GPT-2 fixture, given the committed statistics and context templates: a first call
 * (two requests), then a second call with the cache of earlier keys it left, made on top of it (sequential editing) and
 * on the restored weights (EasyEdit's non-sequential editor, which restores the weights and never {@code cache_c}).
 * Updates follow an Adam trajectory: 1e-3; the projector and each layer's solve given the transcription's keys: 1e-4.
 */
class AlphaEditGoldenTest {

    private static final GoldenFixture GOLDEN = GoldenFixture.of("alphaedit");
    private static final int MLP = 128;
    private static final int HIDDEN = 32;

    private static AlphaEditHParams hparams(Map<String, Object> extra) {
        Map<String, Object> map = MemitGoldenInputs.hparams(GOLDEN, extra);
        map.put("nullspace_threshold", GOLDEN.json().get("nullspace_threshold").asDouble());
        map.put("L2", GOLDEN.json().get("L2").asDouble());
        return new HParamsCodec().fromMap(new AlphaEditProvider(), map, "the AlphaEdit golden");
    }

    /** Runs call 1, then call 2 as {@code sequential} says; returns the largest error of the compared updates. */
    private static double run(Map<String, Object> extra, boolean sequential, boolean assertIt) {
        AlphaEditHParams h = hparams(extra);
        List<EditRequest> requests = MemitGoldenInputs.requests(GOLDEN);
        try (LanguageModel model = GoldenFixture.model("gpt2")) {
            MemitGoldenInputs.installTemplates(model, GOLDEN, h);
            EditMethod method = new AlphaEditProvider().create(h);
            AppliedEdit first = method.apply(model, requests.subList(0, 2), MemitGoldenInputs.context());
            double worst = compare("call1", first, h, assertIt);
            if (!sequential) {
                first.close();
            }
            try (AppliedEdit second = method.apply(model, requests.subList(2, 3), MemitGoldenInputs.context())) {
                worst = Math.max(worst, compare(sequential ? "sequential" : "restored", second, h, assertIt));
            } finally {
                first.close();
            }
            return worst;
        }
    }

    private static double compare(String call, AppliedEdit edit, AlphaEditHParams h, boolean assertIt) {
        double worst = 0;
        for (int layer : h.layers()) {
            double[] actual = MemitGoldenInputs.delta(edit.deltas(), layer);
            double[] expected = GOLDEN.values(call + ".delta." + layer);
            String what = "alphaedit " + call + ".delta." + layer;
            worst = Math.max(worst, assertIt ? Goldens.assertClose(what, actual, expected, 1e-3)
                    : Goldens.relativeError(what, actual, expected));
        }
        return worst;
    }

    @Test
    void aSequenceOfTwoCallsMatchesTheTranscription() {
        run(Map.of(), true, true);
    }

    @Test
    void aCallAfterARevertStillAvoidsTheRevertedKeysAsEasyEditDoes() {
        run(Map.of(), false, true);
    }

    /** The projector from C's eigenvalues under the threshold, and each solve given the transcription's keys. */
    @Test
    void theProjectorAndEachLayersSolveMatch() {
        AlphaEditHParams h = hparams(Map.of());
        try (LanguageModel model = GoldenFixture.model("gpt2"); NDManager m = NDManager.newBaseManager()) {
            NDArray p0 = SecondMoments.nullSpaceProjector(m, model, 0, h, h.nullspaceThreshold(), Progress.NONE);
            Goldens.assertClose("alphaedit projector.0", p0, GOLDEN.values("projector.0"), 1e-4);
            for (int layer : h.layers()) {
                NDArray p = SecondMoments.nullSpaceProjector(m, model, layer, h, h.nullspaceThreshold(),
                        Progress.NONE);
                NDArray first = ClosedForm.update(m, array(m, "call1.resid." + layer, HIDDEN),
                        ClosedForm.alphaEditKeyDirections(m, array(m, "call1.keys." + layer, MLP), p, null, h.l2()));
                Goldens.assertClose("alphaedit closed form call1 " + layer, first,
                        GOLDEN.values("call1.delta." + layer), 1e-4);
                NDArray earlier = array(m, "call1.edited_keys." + layer, MLP);
                NDArray cache = earlier.matMul(earlier.transpose());
                NDArray second = ClosedForm.update(m, array(m, "sequential.resid." + layer, HIDDEN),
                        ClosedForm.alphaEditKeyDirections(m, array(m, "sequential.keys." + layer, MLP), p, cache,
                                h.l2()));
                Goldens.assertClose("alphaedit closed form sequential " + layer, second,
                        GOLDEN.values("sequential.delta." + layer), 1e-4);
            }
        }
    }

    /** The deliberate mutation, an option value: in_force forgets the reverted call's keys, and fails the golden. */
    @Test
    void inForceFailsTheNonSequentialGolden() {
        double error = run(Map.of("earlier_keys", "in_force"), false, false);
        System.out.printf("MUTATION alphaedit earlier_keys=in_force max_rel_err=%.3e%n", error);
        assertThat(error).isGreaterThan(1e-3);
    }

    private static NDArray array(NDManager m, String name, int rows) {
        double[] values = GOLDEN.values(name);
        return m.create(values, new Shape(rows, values.length / rows)).toType(DataType.FLOAT64, false);
    }
}
