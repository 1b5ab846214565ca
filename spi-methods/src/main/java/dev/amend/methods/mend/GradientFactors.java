package dev.amend.methods.mend;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.amend.api.edit.Probe;
import dev.amend.api.model.BatchLayout;
import dev.amend.api.model.HookPoint;
import dev.amend.api.model.HookSite;
import dev.amend.api.model.Hooks;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.ModelOutput;
import dev.amend.api.model.WeightSite;
import dev.amend.api.InvalidInputException;
import dev.amend.api.model.TokenBatch;
import dev.amend.api.model.Tokenizer;
import dev.amend.toolkit.model.TeacherForcing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The rank-one pieces of an MLP output projection's gradient that MEND transforms: for each real token t of each probe,
 * the projection's input {@code u_t} (the MLP key) and the loss's gradient with respect to its output {@code δ_t}, so
 * that {@code ∇W = Σ_t δ_t u_tᵀ}. The loss is, with {@link #capture}, each probe's mean answer negative
 * log-likelihood (summed over probes, so every probe's factors are those it would have alone: the trainer's), and with
 * {@link #captureEasyEdit} EasyEdit's edit-time loss.
 *
 * @param u     per site, {@code [tokens, in]}
 * @param delta per site, {@code [tokens, out]}
 * @param probe for each token, the index of its probe
 */
public record GradientFactors(List<NDArray> u, List<NDArray> delta, int[] probe) {

    /**
     * Runs the probes through {@code model} and back-propagates inside {@code collector} (the JVM's one open
     * collector). The model's own weights need not require gradients. Arrays go to {@code manager}, detached from
     * any graph.
     *
     * @param sites decoder MLP output projections
     */
    public static GradientFactors capture(LanguageModel model, List<WeightSite> sites, List<Probe> probes,
                                          NDManager manager, GradientCollector collector) {
        TeacherForcing forcing = TeacherForcing.of(model, probes);
        float rows = probes.size();
        return capture(model, sites, forcing.batch(), manager, collector,
                output -> forcing.meanNegativeLogLikelihood(manager, output).mul(manager.create(rows)));
    }

    /**
     * The factors of EasyEdit's edit-time loss ({@code models/mend/mend_main.py}, {@code MEND.edit} and
     * {@code trainer/losses.py:multiclass_log_probs} with {@code shift}): the model reads each probe's
     * {@code prompt + " " + answer} (without its last token, whose output no loss reads), and its labels are the tokens
     * of {@code " " + answer} encoded alone, with the tokenizer's special tokens, scored at the text's last positions;
     * the loss is their mean negative log-likelihood over all the probes' labels together. On GPT-2's tokenizer the
     * labels are the answer's tokens; on a LLaMA (SentencePiece) tokenizer they also hold its {@code <s>} and a lone
     * {@code ▁}, as in EasyEdit.
     *
     * @throws InvalidInputException when a probe's labels outnumber its text's tokens
     */
    public static GradientFactors captureEasyEdit(LanguageModel model, List<WeightSite> sites, List<Probe> probes,
                                                  NDManager manager, GradientCollector collector) {
        Tokenizer tok = model.tokenizer();
        List<int[]> inputs = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        for (Probe p : probes) {
            int[] full = tok.encode(p.prompt() + " " + p.answer(), true);
            int[] label = tok.encode(" " + p.answer(), true);
            if (label.length > full.length - 1) {
                throw new InvalidInputException("MEND: the labels of ' " + p.answer() + "' (" + label.length
                        + " tokens) outnumber the positions of '" + p.prompt() + " " + p.answer() + "'");
            }
            inputs.add(Arrays.copyOf(full, full.length - 1));
            labels.add(label);
        }
        int total = labels.stream().mapToInt(l -> l.length).sum();
        int[] first = new int[labels.size()];
        for (int row = 0; row < first.length; row++) {
            first[row] = inputs.get(row).length - labels.get(row).length;   // the labels fill the last positions
        }
        return capture(model, sites, TokenBatch.of(inputs), manager, collector,
                output -> TeacherForcing.weightedNegativeLogLikelihood(manager, output, labels, first,
                        (row, length) -> 1.0 / total));
    }

    private static GradientFactors capture(LanguageModel model, List<WeightSite> sites, TokenBatch batch,
                                           NDManager manager, GradientCollector collector,
                                           Function<ModelOutput, NDArray> lossOf) {
        NDArray[] keys = new NDArray[sites.size()];
        NDArray[] zeros = new NDArray[sites.size()];
        BatchLayout[] layout = new BatchLayout[1];
        Hooks hooks = Hooks.none();
        for (int i = 0; i < sites.size(); i++) {
            int at = i;
            int layer = sites.get(i).layer();
            hooks = hooks.replace(HookSite.decoder(layer, HookPoint.MLP_KEY), (key, l) -> {
                keys[at] = key.duplicate();
                layout[0] = l;
                return key;
            });
            hooks = hooks.replace(HookSite.decoder(layer, HookPoint.MLP_OUT), (out, l) -> {
                zeros[at] = manager.zeros(out.getShape(), out.getDataType());
                zeros[at].setRequiresGradient(true);
                return out.add(zeros[at]);
            });
        }
        ModelOutput output = model.forward(manager, batch, hooks);
        collector.backward(lossOf.apply(output));
        int[] probeOf = realTokens(layout[0]);
        NDArray index = manager.create(tokenIndices(layout[0]));
        List<NDArray> u = new ArrayList<>();
        List<NDArray> delta = new ArrayList<>();
        for (int i = 0; i < sites.size(); i++) {
            u.add(flatten(keys[i]).get(index));
            delta.add(flatten(zeros[i].getGradient()).get(index));
        }
        return new GradientFactors(u, delta, probeOf);
    }

    private static NDArray flatten(NDArray a) {
        Shape s = a.getShape();
        NDArray flat = a.reshape(s.get(0) * s.get(1), s.get(2));
        NDArray copy = flat.duplicate();
        copy.setRequiresGradient(false);
        return copy;
    }

    /** For each real token, row by row, its row. */
    private static int[] realTokens(BatchLayout layout) {
        List<Integer> rows = new ArrayList<>();
        for (int row = 0; row < layout.rows(); row++) {
            for (int t = 0; t < layout.length(row); t++) {
                rows.add(row);
            }
        }
        return rows.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The flattened {@code [rows · padded]} index of every real token, in {@link #realTokens} order. */
    private static long[] tokenIndices(BatchLayout layout) {
        List<Long> index = new ArrayList<>();
        for (int row = 0; row < layout.rows(); row++) {
            for (int t = 0; t < layout.length(row); t++) {
                index.add((long) row * layout.paddedLength() + layout.index(row, t));
            }
        }
        return index.stream().mapToLong(Long::longValue).toArray();
    }

    /** {@code [probes, tokens]}: 1 where the token belongs to the probe. */
    public NDArray membership(NDManager manager, int probes) {
        float[] m = new float[probes * probe.length];
        for (int t = 0; t < probe.length; t++) {
            m[probe[t] * probe.length + t] = 1f;
        }
        return manager.create(m, new Shape(probes, probe.length));
    }
}
