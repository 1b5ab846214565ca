package dev.amend.methods.wise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.amend.api.InvalidInputException;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.model.BatchLayout;
import dev.amend.api.model.HookPoint;
import dev.amend.api.model.HookSite;
import dev.amend.api.model.Hooks;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.WeightSite;
import dev.amend.toolkit.model.HookedModel;
import dev.amend.toolkit.model.Padding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A model seen through WISE's side memory at one MLP output projection: for each input row, the side memory (the
 * shard being written, or the kept shard scoring highest) answers instead of the main memory when its activation score
 * reaches {@code act_ratio} times the lowest score its edits reached; otherwise the main memory answers. The score of a
 * memory is EasyEdit's {@code ‖act(W'x) − act(Wx)‖₂} (WISE.py euc, act the model's activation) or, with
 * {@code score: change}, the paper's {@code ‖(W' − W) a(x)‖₂} (a(x): the projection's input), averaged over the row's
 * tokens (the largest, for rows over 100 tokens, as EasyEdit's euc with infer=True); one decision per row (EasyEdit
 * makes one per forward call, on the mean over the batch's rows: the same for one row; its means also count padding). With {@code routing: token} each token
 * decides by its own score instead; with {@code routing: key} the shard that stored the key nearest the token's (by
 * cosine) answers when its own score reaches its threshold: the scores of different shards are not compared, since a
 * shard of many edits answers strongly to inputs it never saw.
 */
final class WiseModel extends HookedModel {

    /** EasyEdit's euc(infer=True) scores an input of more tokens than this by its largest token score. */
    static final int LONG_INPUT = 100;

    private final WeightSite site;
    private final SideMemory memory;
    private final List<EditRequest> requests;

    /**
     * @param act the model's activation, which the scores apply ({@code score: activation}), or null for the change's
     *            own norm ({@code score: change})
     */
    WiseModel(LanguageModel base, WeightSite site, SideMemory memory, List<EditRequest> requests, double actRatio,
              boolean perToken, boolean byKey, UnaryOperator<NDArray> act) {
        this(base, site, memory, requests, new Routing(site.layer(), memory, actRatio, perToken, byKey, act));
    }

    private WiseModel(LanguageModel base, WeightSite site, SideMemory memory, List<EditRequest> requests,
                      Routing routing) {
        super(base, routing::hooks);
        this.site = site;
        this.memory = memory;
        this.requests = List.copyOf(requests);
    }

    WeightSite site() {
        return site;
    }

    SideMemory memory() {
        return memory;
    }

    List<EditRequest> requests() {
        return requests;
    }

    /** The memories to route among, made once per view (transposed, in the memory's manager). */
    private static final class Routing {
        private final int layer;
        private final List<NDArray> transposed = new ArrayList<>();
        private final List<Double> thresholds = new ArrayList<>();
        private final boolean current;
        private final boolean perToken;
        private final NDArray unitKeysTransposed;   // routing: key: [in, keys], each key of unit length
        private final int[] owner;                  // routing: key: the memory that stored each key
        private final UnaryOperator<NDArray> act;

        Routing(int layer, SideMemory memory, double actRatio, boolean perToken, boolean byKey,
                UnaryOperator<NDArray> act) {
            this.layer = layer;
            this.act = act;
            this.perToken = perToken || byKey;
            this.current = memory.editsInShard > 0;
            List<NDArray> keys = new ArrayList<>();
            if (current) {
                transposed.add(memory.delta.transpose());
                thresholds.add(memory.minScore * actRatio);
                keys.add(memory.keys);
            }
            for (SideMemory.Shard shard : memory.shards) {
                transposed.add(shard.delta().transpose());
                thresholds.add(shard.minScore() * actRatio);
                keys.add(shard.keys());
            }
            if (!byKey || keys.isEmpty()) {
                unitKeysTransposed = null;
                owner = null;
                return;
            }
            if (keys.contains(null)) {
                throw new InvalidInputException("routing: key needs the keys each shard kept, but shard "
                        + keys.indexOf(null) + " of this side memory was written with another routing");
            }
            try (NDManager temporary = memory.manager.newSubManager()) {
                NDArray all = NDArrays.concat(new NDList(keys));
                all.attach(temporary);
                unitKeysTransposed = all.div(all.norm(new int[] {1}, true).add(1e-12f)).transpose();
                unitKeysTransposed.attach(memory.manager);
            }
            owner = new int[(int) unitKeysTransposed.getShape().get(1)];
            for (int j = 0, from = 0; j < keys.size(); j++) {
                int to = from + (int) keys.get(j).getShape().get(0);
                Arrays.fill(owner, from, to, j);
                from = to;
            }
        }

        Hooks hooks() {
            if (transposed.isEmpty()) {
                return Hooks.none();
            }
            NDArray[] input = new NDArray[1];
            return Hooks.none()
                    .observe(HookSite.decoder(layer, HookPoint.MLP_KEY), k -> input[0] = k)
                    .replace(HookSite.decoder(layer, HookPoint.MLP_OUT),
                            (out, layout) -> route(input[0], out, layout, this));
        }
    }

    /** The main output plus, per row (or token), the change of the memory the routing picks (none: the main memory's). */
    private static NDArray route(NDArray input, NDArray out, BatchLayout layout, Routing routing) {
        NDManager m = out.getManager();
        List<NDArray> changes = new ArrayList<>();
        List<double[]> scores = new ArrayList<>();
        for (NDArray deltaTransposed : routing.transposed) {
            NDArray change = input.matMul(deltaTransposed);
            changes.add(change);
            NDArray perToken = tokenScores(m, out, change, routing.act);
            NDArray score = routing.perToken ? perToken.reshape(-1)
                    : layout.paddedLength() > LONG_INPUT ? perToken.max(new int[] {1}) : rowScores(m, perToken, layout);
            scores.add(score.toType(DataType.FLOAT64, false).toDoubleArray());
        }
        int rows = layout.rows();
        int tokens = routing.perToken ? layout.paddedLength() : 1;
        int[] choices = new int[rows * tokens];
        if (routing.owner == null) {
            Arrays.setAll(choices, i -> choose(scores, routing.thresholds, routing.current, i));
        } else {
            // the nearest by cosine: the token's own length does not change which key that is
            long[] nearest = input.matMul(routing.unitKeysTransposed).argMax(-1).toLongArray();
            for (int i = 0; i < choices.length; i++) {
                int j = routing.owner[(int) nearest[i]];
                choices[i] = scores.get(j)[i] >= routing.thresholds.get(j) ? j : -1;
            }
        }
        NDArray result = out;
        for (int j = 0; j < changes.size(); j++) {
            float[] pick = new float[rows * tokens];
            for (int i = 0; i < pick.length; i++) {
                pick[i] = choices[i] == j ? 1f : 0f;
            }
            result = result.add(changes.get(j).mul(m.create(pick, new Shape(rows, tokens, 1))));
        }
        return result;
    }

    /**
     * EasyEdit's routing for one row (or token): the shard being written answers when its score reaches its threshold;
     * a kept shard takes over when its score beats the best so far (the current shard's, even below its threshold) and
     * its own threshold. -1: the main memory.
     */
    private static int choose(List<double[]> scores, List<Double> thresholds, boolean firstIsCurrent, int at) {
        int choice = -1;
        double best = Double.NEGATIVE_INFINITY;
        int from = 0;
        if (firstIsCurrent) {
            best = scores.get(0)[at];
            if (best >= thresholds.get(0)) {
                choice = 0;
            }
            from = 1;
        }
        for (int j = from; j < scores.size(); j++) {
            double s = scores.get(j)[at];
            if (s > best && s > thresholds.get(j)) {
                choice = j;
                best = s;
            }
        }
        return choice;
    }

    /**
     * {@code [rows, tokens]}: the score at each token, {@code ‖act(out + change) − act(out)‖₂} (EasyEdit's WISE.py euc,
     * {@code act} the model's activation) or, with no {@code act}, {@code ‖change‖₂}; differentiable (a small constant
     * under the root keeps the gradient finite where the change is zero).
     */
    static NDArray tokenScores(NDManager m, NDArray out, NDArray change, UnaryOperator<NDArray> act) {
        NDArray difference = act == null ? change : act.apply(out.add(change)).sub(act.apply(out));
        return difference.square().sum(new int[] {-1}).add(m.create(1e-12f)).sqrt();
    }

    /** {@code [rows]}: each row's mean of its {@link #tokenScores} over its real tokens (the paper's score). */
    static NDArray rowScores(NDManager m, NDArray tokenScores, BatchLayout layout) {
        NDArray mask = Padding.mask(m, layout).toType(DataType.FLOAT32, false);
        return tokenScores.mul(mask).sum(new int[] {1}).div(mask.sum(new int[] {1}));
    }
}
