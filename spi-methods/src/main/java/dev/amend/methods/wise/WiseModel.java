package dev.amend.methods.wise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.HookedModel;
import dev.amend.api.model.BatchLayout;
import dev.amend.api.model.HookPoint;
import dev.amend.api.model.HookSite;
import dev.amend.api.model.Hooks;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.WeightSite;
import java.util.ArrayList;
import java.util.List;

/**
 * A model seen through WISE's side memory at one MLP output projection: for each input row, the side memory (the
 * shard being written, or the kept shard scoring highest) answers instead of the main memory when its activation score
 * reaches {@code act_ratio} times the lowest score its edits reached; otherwise the main memory answers. The score of a
 * memory is the paper's {@code ‖(W' − W) a(x)‖₂} (a(x): the projection's input), averaged over the row's tokens; one
 * decision per row (EasyEdit makes one per forward call, for the whole batch). With {@code routing: token} each token
 * decides by its own score instead.
 */
final class WiseModel extends HookedModel {

    private final WeightSite site;
    private final SideMemory memory;
    private final List<EditRequest> requests;

    WiseModel(LanguageModel base, WeightSite site, SideMemory memory, List<EditRequest> requests, double actRatio,
              boolean perToken) {
        this(base, site, memory, requests, new Routing(site.layer(), memory, actRatio, perToken));
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

        Routing(int layer, SideMemory memory, double actRatio, boolean perToken) {
            this.layer = layer;
            this.perToken = perToken;
            this.current = memory.editsInShard > 0;
            if (current) {
                transposed.add(memory.delta.transpose());
                thresholds.add(memory.minScore * actRatio);
            }
            for (SideMemory.Shard shard : memory.shards) {
                transposed.add(shard.delta().transpose());
                thresholds.add(shard.minScore() * actRatio);
            }
        }

        Hooks hooks() {
            if (transposed.isEmpty()) {
                return Hooks.none();
            }
            NDArray[] input = new NDArray[1];
            return Hooks.builder()
                    .observe(HookSite.decoder(layer, HookPoint.MLP_KEY), k -> input[0] = k)
                    .replace(HookSite.decoder(layer, HookPoint.MLP_OUT),
                            (out, layout) -> route(input[0], out, layout, this))
                    .build();
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
            NDArray perToken = tokenScores(m, change);
            NDArray score = routing.perToken ? perToken.reshape(-1) : rowScores(m, perToken, layout);
            scores.add(score.toType(DataType.FLOAT64, false).toDoubleArray());
        }
        int rows = layout.rows();
        int tokens = routing.perToken ? layout.paddedLength() : 1;
        NDArray result = out;
        for (int j = 0; j < changes.size(); j++) {
            float[] pick = new float[rows * tokens];
            for (int i = 0; i < pick.length; i++) {
                pick[i] = choose(scores, routing.thresholds, routing.current, i) == j ? 1f : 0f;
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
     * {@code [rows, tokens]}: {@code ‖change‖₂} at each token, differentiable (a small constant under the root keeps
     * the gradient finite where the change is zero).
     */
    static NDArray tokenScores(NDManager m, NDArray change) {
        return change.square().sum(new int[] {-1}).add(m.create(1e-12f)).sqrt();
    }

    /** {@code [rows]}: each row's mean of its {@link #tokenScores} over its real tokens (the paper's score). */
    static NDArray rowScores(NDManager m, NDArray tokenScores, BatchLayout layout) {
        NDArray mask = layout.mask(m).toType(DataType.FLOAT32, false);
        return tokenScores.mul(mask).sum(new int[] {1}).div(mask.sum(new int[] {1}));
    }
}
