package dev.amend.models.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.amend.api.model.BatchLayout;
import dev.amend.api.model.HookSite;
import dev.amend.api.model.Hooks;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.ModelCache;
import dev.amend.api.model.ModelOutput;
import dev.amend.api.model.ModelSpec;
import dev.amend.api.model.PaddingSide;
import dev.amend.api.model.TokenBatch;
import dev.amend.api.model.Weights;
import dev.amend.models.hf.HfTokenizer;
import dev.amend.models.nn.Masks;
import dev.amend.toolkit.model.InputLength;
import dev.amend.toolkit.model.KeyedModelCache;
import dev.amend.toolkit.model.Padding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A decoder-only transformer: embeddings, blocks, final norm and head, with left-padded batches (position ids start
 * at 0 at each row's first real token) and greedy generation with a KV cache. Families implement the three stages.
 */
public abstract class DecoderOnlyModel implements LanguageModel {

    private final ModelSpec spec;
    private final NDManager manager;
    private final KeyedModelCache modelCache = new KeyedModelCache();
    private final HfTokenizer tokenizer;
    private final Weights weights;
    private final Set<HookSite> sites;

    /**
     * @param manager owns the parameters; closed with the model
     */
    protected DecoderOnlyModel(ModelSpec spec, NDManager manager, HfTokenizer tokenizer, Weights weights) {
        this.spec = spec;
        this.manager = manager;
        this.tokenizer = tokenizer;
        this.weights = weights;
        this.sites = HookSite.standardSites(spec);
    }

    /** {@code [rows, T, hidden]}: the embeddings of {@code ids} ({@code [rows, T]}) at the pass's positions. */
    protected abstract NDArray embed(NDArray ids, Pass pass);

    /** One block, running its hooks through {@link Pass#hook}. */
    protected abstract NDArray block(int layer, NDArray x, Pass pass);

    /** Final norm and head: {@code [rows, T, vocab]}. */
    protected abstract NDArray head(NDArray x, Pass pass);

    /** Sliding attention window (0 for none). */
    protected int slidingWindow() {
        return 0;
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public HfTokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public PaddingSide paddingSide() {
        return PaddingSide.LEFT;
    }

    @Override
    public Set<HookSite> hookSites() {
        return sites;
    }

    @Override
    public Weights weights() {
        return weights;
    }

    @Override
    public ModelCache cache() {
        return modelCache;
    }

    @Override
    public ModelOutput forward(NDManager m, TokenBatch batch, Hooks hooks) {
        hooks.checkSupported(sites);
        if (!batch.decoderSequences().isEmpty()) {
            throw new IllegalArgumentException(spec.modelType() + " is decoder-only: give no decoder sequences");
        }
        batch.sequences().forEach(this::checkRow);
        BatchLayout layout = BatchLayout.of(batch.sequences(), PaddingSide.LEFT);
        int[] firstKey = new int[layout.rows()];
        int[] endKey = new int[layout.rows()];
        long[][] positions = new long[layout.rows()][layout.paddedLength()];
        for (int r = 0; r < layout.rows(); r++) {
            firstKey[r] = layout.offset(r);
            endKey[r] = layout.paddedLength();
            for (int t = 0; t < layout.length(r); t++) {
                positions[r][layout.offset(r) + t] = t;
            }
        }
        NDArray mask = Masks.additive(m, firstKey, endKey, layout.paddedLength(), layout.paddedLength(), true,
                slidingWindow());
        Pass pass = new Pass(m, hooks, layout, positions, mask, null);
        NDArray ids = Padding.ids(m, batch.sequences(), layout, tokenizer.padId());
        return new ModelOutput(run(ids, pass), layout);
    }

    private NDArray run(NDArray ids, Pass pass) {
        NDArray x = embed(ids, pass);
        for (int layer = 0; layer < spec.numLayers(); layer++) {
            x = block(layer, x, pass);
        }
        return head(x, pass);
    }

    /** Greedy decoding with a KV cache: one pass over the prompts, then one token per step for every row. */
    @Override
    public List<int[]> generate(List<int[]> prompts, int maxNewTokens, Hooks hooks) {
        hooks.checkSupported(sites);
        prompts.forEach(this::checkRow);
        List<List<Integer>> generated = new ArrayList<>();
        prompts.forEach(p -> generated.add(new ArrayList<>()));
        if (maxNewTokens <= 0) {
            return prompts.stream().map(p -> new int[0]).toList();
        }
        BatchLayout layout = BatchLayout.of(prompts, PaddingSide.LEFT);
        int rows = layout.rows();
        int[] firstKey = new int[rows];
        int[] lengths = new int[rows];
        long[][] positions = new long[rows][layout.paddedLength()];
        for (int r = 0; r < rows; r++) {
            firstKey[r] = layout.offset(r);
            lengths[r] = layout.length(r);
            for (int t = 0; t < lengths[r]; t++) {
                positions[r][layout.offset(r) + t] = t;
            }
        }
        boolean[] done = new boolean[rows];
        int eos = tokenizer.eosId().orElse(-1);
        try (NDManager generation = manager.newSubManager()) {
            KvCache cache = new KvCache(generation, spec.numLayers());
            int keys = layout.paddedLength();
            long[] next;
            try (NDManager step = generation.newSubManager()) {
                int[] end = new int[rows];
                Arrays.fill(end, keys);
                NDArray mask = Masks.additive(step, firstKey, end, keys, keys, true, slidingWindow());
                Pass pass = new Pass(step, hooks, layout, positions, mask, cache);
                NDArray logits = run(Padding.ids(step, prompts, layout, tokenizer.padId()), pass);
                next = logits.get(new NDIndex(":, -1, :")).argMax(-1).toLongArray();
            }
            for (int produced = 0; ; produced++) {
                long[] ids = new long[rows];
                long[][] stepPositions = new long[rows][1];
                for (int r = 0; r < rows; r++) {
                    ids[r] = next[r];
                    if (!done[r]) {
                        generated.get(r).add((int) next[r]);
                        done[r] = next[r] == eos;
                    }
                    stepPositions[r][0] = lengths[r]++;
                }
                boolean full = Arrays.stream(lengths).anyMatch(l -> l >= spec.maxPositions());
                if (produced + 1 >= maxNewTokens || full || allTrue(done)) {
                    break;
                }
                keys++;
                try (NDManager step = generation.newSubManager()) {
                    int[] end = new int[rows];
                    Arrays.fill(end, keys);
                    NDArray mask = Masks.additive(step, firstKey, end, 1, keys, true, slidingWindow());
                    BatchLayout one = new BatchLayout(fill(rows, 1), PaddingSide.LEFT);
                    Pass pass = new Pass(step, hooks, one, stepPositions, mask, cache);
                    NDArray logits = run(step.create(ids, new ai.djl.ndarray.types.Shape(rows, 1)), pass);
                    next = logits.get(new NDIndex(":, -1, :")).argMax(-1).toLongArray();
                }
            }
        }
        return generated.stream().map(g -> g.stream().mapToInt(Integer::intValue).toArray()).toList();
    }

    private static boolean allTrue(boolean[] flags) {
        for (boolean f : flags) {
            if (!f) {
                return false;
            }
        }
        return true;
    }

    private static int[] fill(int n, int value) {
        int[] a = new int[n];
        Arrays.fill(a, value);
        return a;
    }

    private void checkRow(int[] row) {
        InputLength.check(spec, tokenizer, row);
        for (int id : row) {
            if (id < 0 || id >= spec.vocabSize()) {
                throw new IllegalArgumentException("token id " + id + " is outside the vocabulary (size "
                        + spec.vocabSize() + ")");
            }
        }
    }

    @Override
    public void close() {
        modelCache.close();
        tokenizer.close();
        manager.close();
    }
}
