package dev.amend.methods.wise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.amend.api.model.HookPoint;
import dev.amend.api.model.HookSite;
import dev.amend.api.model.Hooks;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.TokenBatch;
import dev.amend.api.model.WeightSite;
import dev.amend.methods.locate.Checks;
import dev.amend.testkit.tiny.TinyModels;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** WISE's per-token routing (by score, and by key), against the side memory's change computed by hand on the tiny model. */
class WiseModelTest {

    private static final String PROJECTION = "blocks.1.mlp.down.weight";

    @Test
    void eachTokenTakesTheSideMemoryExactlyWhenItsOwnScoreReachesTheThreshold() {
        try (LanguageModel model = TinyModels.random(3); NDManager m = NDManager.newBaseManager()) {
            TokenBatch batch = TokenBatch.of(model.tokenizer().encode("alice smith lives in paris", true));
            Routed routed = Routed.atMedian(model, batch, m);
            float[] scores = WiseModel.tokenScores(m, null, routed.change(), null).toFloatArray();

            HookSite out = HookSite.decoder(routed.site().layer(), HookPoint.MLP_OUT);
            float[] main = observe(model, batch, out, m).toFloatArray();
            float[] through = observe(routed.view(), batch, out, m).toFloatArray();
            float[] side = routed.change().toFloatArray();
            int width = main.length / scores.length;
            int taken = 0;
            for (int t = 0; t < scores.length; t++) {
                boolean useSide = scores[t] >= routed.threshold();
                taken += useSide ? 1 : 0;
                for (int i = t * width; i < (t + 1) * width; i++) {
                    assertThat(through[i]).isCloseTo(main[i] + (useSide ? side[i] : 0f), within(1e-4f));
                }
            }
            assertThat(taken).isBetween(1, scores.length - 1);
        }
    }

    @Test
    void aTokensRoutingDoesNotDependOnTheTokensAfterIt() {
        try (LanguageModel model = TinyModels.random(4); NDManager m = NDManager.newBaseManager()) {
            int[] prompt = model.tokenizer().encode("bob jones works as a", true);
            int[] longer = model.tokenizer().encode("bob jones works as a doctor in rome", true);
            WiseModel view = Routed.atMedian(model, TokenBatch.of(longer), m).view();

            float[] shortLogits = view.forward(m, TokenBatch.of(prompt)).logits(0).toFloatArray();
            float[] longLogits = view.forward(m, TokenBatch.of(longer)).logits(0).toFloatArray();
            for (int i = 0; i < shortLogits.length; i++) {
                assertThat(longLogits[i]).isCloseTo(shortLogits[i], within(1e-4f));
            }
        }
    }

    @Test
    void withKeyRoutingTheShardThatStoredTheNearestKeyAnswersWhenItsOwnScoreReachesItsThreshold() {
        try (LanguageModel model = TinyModels.random(5); NDManager m = NDManager.newBaseManager()) {
            TokenBatch batch = TokenBatch.of(model.tokenizer().encode("carol white plays the violin very well", true));
            WeightSite site = Checks.innerMlpOutput(model, PROJECTION, "WISE");
            NDArray key = observe(model, batch, HookSite.decoder(site.layer(), HookPoint.MLP_KEY), m);
            SideMemory memory = SideMemory.empty(m, model.weights().shape(site));
            // shard 0 stored the keys of the even tokens, shard 1 (three times larger: it outscores shard 0 almost
            // everywhere) those of the odd tokens; shard 1's threshold is the median of its scores there
            NDArray[] deltas = {m.randomNormal(memory.delta.getShape()), m.randomNormal(memory.delta.getShape()).mul(3)};
            float[][] scores = new float[2][];
            float[][] changes = new float[2][];
            for (int j = 0; j < 2; j++) {
                NDArray change = key.matMul(deltas[j].transpose());
                scores[j] = WiseModel.tokenScores(m, null, change, null).toFloatArray();
                changes[j] = change.toFloatArray();
            }
            double[] odd = new double[scores[1].length / 2];
            Arrays.setAll(odd, i -> scores[1][2 * i + 1]);
            Arrays.sort(odd);
            double threshold = odd[odd.length / 2];
            memory.shards.add(new SideMemory.Shard(deltas[0], 0, key.get(new NDIndex("0, ::2"))));
            memory.shards.add(new SideMemory.Shard(deltas[1], threshold, key.get(new NDIndex("0, 1::2"))));
            WiseModel view = new WiseModel(model, site, memory, List.of(), 1.0, true, true, null);

            HookSite out = HookSite.decoder(site.layer(), HookPoint.MLP_OUT);
            float[] main = observe(model, batch, out, m).toFloatArray();
            float[] through = observe(view, batch, out, m).toFloatArray();
            int width = main.length / scores[0].length;
            int[] taken = new int[3];   // the main memory, shard 0 although shard 1 scores higher, shard 1
            for (int t = 0; t < scores[0].length; t++) {
                int choice = t % 2 == 0 ? 0 : scores[1][t] >= threshold ? 1 : -1;
                if (choice != 0) {
                    taken[choice + 1]++;
                } else if (scores[1][t] > scores[0][t]) {
                    taken[1]++;
                }
                for (int i = t * width; i < (t + 1) * width; i++) {
                    assertThat(through[i]).isCloseTo(main[i] + (choice < 0 ? 0f : changes[choice][i]), within(1e-3f));
                }
            }
            assertThat(taken).doesNotContain(0);
        }
    }

    /**
     * A view routing tokens through a random side memory, its threshold the median of the token scores on
     * {@code batch} (act_ratio 1: half of its tokens reach it), and that memory's change on {@code batch}.
     */
    private record Routed(WiseModel view, WeightSite site, NDArray change, double threshold) {

        static Routed atMedian(LanguageModel model, TokenBatch batch, NDManager m) {
            WeightSite site = Checks.innerMlpOutput(model, PROJECTION, "WISE");
            SideMemory memory = SideMemory.empty(m, model.weights().shape(site));
            memory.delta = m.randomNormal(memory.delta.getShape());
            NDArray key = observe(model, batch, HookSite.decoder(site.layer(), HookPoint.MLP_KEY), m);
            NDArray change = key.matMul(memory.delta.transpose());
            float[] sorted = WiseModel.tokenScores(m, null, change, null).toFloatArray();
            Arrays.sort(sorted);
            memory.minScore = sorted[sorted.length / 2];
            memory.editsInShard = 1;
            return new Routed(new WiseModel(model, site, memory, List.of(), 1.0, true, false, null), site, change,
                    memory.minScore);
        }
    }

    private static NDArray observe(LanguageModel model, TokenBatch batch, HookSite site, NDManager m) {
        NDArray[] seen = new NDArray[1];
        model.forward(m, batch, Hooks.none().observe(site, a -> seen[0] = a));
        return seen[0];
    }
}
