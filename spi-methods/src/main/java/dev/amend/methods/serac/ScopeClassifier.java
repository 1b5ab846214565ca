package dev.amend.methods.serac;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.amend.api.model.BatchLayout;
import dev.amend.api.model.HookPoint;
import dev.amend.api.model.HookSite;
import dev.amend.api.model.Hooks;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.TokenBatch;
import dev.amend.toolkit.model.Padding;
import java.util.ArrayList;
import java.util.List;

/**
 * SERAC's scope classifier, as EasyEdit's dual encoder ({@code cross_attend: false}): a text's embedding is an
 * encoder's last hidden state pooled over the text's tokens (EasyEdit takes DistilBERT's first token; a causal
 * encoder's first token has seen nothing, so the mean), and a stored edit covers an input with probability
 * {@code exp(−scale · d)}, d the squared Euclidean distance of their embeddings ({@code square: true}), their Euclidean
 * distance ({@code square: false}), or {@code 1 − cos} ({@code cos: true}). An input is in scope when that probability
 * exceeds 0.5 for its nearest edit. The encoder is any decoder-only model of Amend (the trainer fine-tunes one).
 *
 * @param encoder the model whose last block's output is pooled
 * @param cos     compare by cosine instead of distance
 * @param square  square the Euclidean distance (ignored with {@code cos})
 */
public record ScopeClassifier(LanguageModel encoder, boolean cos, boolean square) {

    /** The probability above which an input is in an edit's scope. */
    public static final double THRESHOLD = 0.5;

    /**
     * The text the classifier embeds for a stored edit, EasyEdit's {@code build_cls_cache_inputs} for decoder-only
     * models: the edit's {@code prompt + " " + target} with its last space-separated word cut off (the prompt when
     * the target is one word). EasyEdit appends its classifier's separator token; Amend's classifiers have none.
     */
    public static String storedText(String prompt, String target) {
        String sentence = prompt + (target.startsWith(" ") ? "" : " ") + target;
        int cut = sentence.lastIndexOf(' ');
        return cut < 0 ? sentence : sentence.substring(0, cut);
    }

    /**
     * {@code [texts, hidden]}: each text's mean last hidden state over its tokens, differentiable with respect to the
     * encoder's weights.
     *
     * @param manager receives the arrays created
     */
    public NDArray embed(NDManager manager, List<String> texts) {
        List<int[]> rows = new ArrayList<>();
        for (String text : texts) {
            rows.add(encoder.tokenizer().encode(text, true));
        }
        HookSite last = HookSite.decoder(encoder.spec().numLayers() - 1, HookPoint.RESID_POST);
        NDArray[] hidden = new NDArray[1];
        BatchLayout[] layout = new BatchLayout[1];
        encoder.forward(manager, TokenBatch.of(rows), Hooks.none().replace(last, (h, l) -> {
            hidden[0] = h;
            layout[0] = l;
            return h;
        }));
        NDArray mask = Padding.mask(manager, layout[0]).toType(DataType.FLOAT32, false).expandDims(-1);
        return hidden[0].mul(mask).sum(new int[] {1}).div(mask.sum(new int[] {1}));
    }

    /**
     * {@code [queries, stored]}: the log-probability that each stored edit covers each query, {@code −scale · d}.
     * Its constants are arrays of the queries' manager (no {@code Number} arithmetic on tensors), so it is safe inside a
     * {@code GradientCollector} while that manager is open.
     *
     * @param queries {@code [queries, hidden]} embeddings
     * @param stored  {@code [stored, hidden]} embeddings
     */
    public NDArray logCoverage(NDArray queries, NDArray stored, double scale) {
        NDManager m = queries.getManager();
        NDArray distance;
        if (cos) {
            NDArray tiny = m.create(1e-8f);
            NDArray q = queries.div(queries.norm(new int[] {1}, true).add(tiny));
            NDArray s = stored.div(stored.norm(new int[] {1}, true).add(tiny));
            distance = m.create(1f).sub(q.matMul(s.transpose()));
        } else {
            // EasyEdit's (ctx[None] − main[:, None]).norm(2, -1): the difference itself, not |q|² + |s|² − 2q·s,
            // whose cancellation costs float32 digits
            NDArray squared = queries.expandDims(1).sub(stored.expandDims(0)).square().sum(new int[] {2});
            distance = square ? squared : squared.add(m.create(1e-12f)).sqrt();
        }
        return distance.mul(m.create((float) -scale));
    }
}
