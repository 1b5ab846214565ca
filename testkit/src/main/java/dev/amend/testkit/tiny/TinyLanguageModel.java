package dev.amend.testkit.tiny;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import dev.amend.api.model.Architecture;
import dev.amend.api.model.BatchLayout;
import dev.amend.api.model.HookPoint;
import dev.amend.api.model.HookSite;
import dev.amend.api.model.Hooks;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.ModelCache;
import dev.amend.api.model.ModelOutput;
import dev.amend.api.model.ModelSpec;
import dev.amend.api.model.PaddingSide;
import dev.amend.api.model.TokenBatch;
import dev.amend.api.model.WeightKind;
import dev.amend.api.model.WeightSite;
import dev.amend.api.model.Weights;
import dev.amend.toolkit.model.KeyedModelCache;
import dev.amend.toolkit.model.Padding;
import dev.amend.toolkit.model.ParameterWeights.Binding;
import dev.amend.toolkit.model.ParameterWeights.Layout;
import dev.amend.toolkit.model.ParameterWeights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tiny transformer. Parameters (stored shapes): {@code embed.weight [V, D]}, {@code pos.weight [P, D]}, per block
 * {@code blocks.i.norm1.weight [D]}, {@code blocks.i.attn.{q,k,v,o}.weight [D, D]} (Linear, out × in),
 * {@code blocks.i.norm2.weight [D]}, {@code blocks.i.mlp.up.weight [D, M]} and {@code blocks.i.mlp.down.weight [M, D]}
 * (Conv1D, in × out, as GPT-2 stores them) with biases, then {@code norm_f.weight [D]} and, when untied,
 * {@code head.weight [V, D]}.
 */
public final class TinyLanguageModel implements LanguageModel {

    private static final float MASKED = -1e9f;

    private final TinyConfig config;
    private final NDManager manager;
    private final KeyedModelCache modelCache = new KeyedModelCache();
    private final Map<String, NDArray> params;
    private final TinyTokenizer tokenizer;
    private final ParameterWeights weights;
    private final ModelSpec spec;
    private final Set<HookSite> sites;

    /**
     * @param manager owns the parameters; closed with the model
     * @param params  every parameter of {@link #expectedShapes(TinyConfig)}
     */
    TinyLanguageModel(TinyConfig config, NDManager manager, Map<String, NDArray> params) {
        this.config = config;
        this.manager = manager;
        this.params = new LinkedHashMap<>(params);
        this.tokenizer = new TinyTokenizer(config.vocab());
        this.spec = new ModelSpec(TinyConfig.MODEL_TYPE, Architecture.DECODER_ONLY, config.vocab().size(),
                config.hiddenSize(), config.numLayers(), 0, config.numHeads(), config.mlpSize(), config.maxPositions(),
                DataType.FLOAT32, manager.getDevice());
        this.weights = new ParameterWeights(this.params, bindings(config));
        this.sites = HookSite.standardSites(spec);
    }

    /**
     * {@return every parameter name with its stored shape}
     *
     * @param c the configuration
     */
    public static Map<String, Shape> expectedShapes(TinyConfig c) {
        int v = c.vocab().size();
        int d = c.hiddenSize();
        int m = c.mlpSize();
        Map<String, Shape> shapes = new LinkedHashMap<>();
        shapes.put("embed.weight", new Shape(v, d));
        shapes.put("pos.weight", new Shape(c.maxPositions(), d));
        for (int i = 0; i < c.numLayers(); i++) {
            String b = "blocks." + i + ".";
            shapes.put(b + "norm1.weight", new Shape(d));
            for (String proj : List.of("q", "k", "v", "o")) {
                shapes.put(b + "attn." + proj + ".weight", new Shape(d, d));
            }
            shapes.put(b + "norm2.weight", new Shape(d));
            shapes.put(b + "mlp.up.weight", new Shape(d, m));
            shapes.put(b + "mlp.up.bias", new Shape(m));
            shapes.put(b + "mlp.down.weight", new Shape(m, d));
            shapes.put(b + "mlp.down.bias", new Shape(d));
        }
        shapes.put("norm_f.weight", new Shape(d));
        if (!c.tieWordEmbeddings()) {
            shapes.put("head.weight", new Shape(v, d));
        }
        return shapes;
    }

    private static Map<WeightSite, Binding> bindings(TinyConfig c) {
        Map<WeightSite, Binding> b = new LinkedHashMap<>();
        b.put(WeightSite.decoder(WeightKind.EMBED), Binding.whole("embed.weight", Layout.IN_OUT));
        b.put(WeightSite.decoder(WeightKind.LM_HEAD),
                Binding.whole(c.tieWordEmbeddings() ? "embed.weight" : "head.weight", Layout.OUT_IN));
        for (int i = 0; i < c.numLayers(); i++) {
            String p = "blocks." + i + ".";
            b.put(WeightSite.decoder(i, WeightKind.ATTN_Q), Binding.whole(p + "attn.q.weight", Layout.OUT_IN));
            b.put(WeightSite.decoder(i, WeightKind.ATTN_K), Binding.whole(p + "attn.k.weight", Layout.OUT_IN));
            b.put(WeightSite.decoder(i, WeightKind.ATTN_V), Binding.whole(p + "attn.v.weight", Layout.OUT_IN));
            b.put(WeightSite.decoder(i, WeightKind.ATTN_O), Binding.whole(p + "attn.o.weight", Layout.OUT_IN));
            b.put(WeightSite.decoder(i, WeightKind.MLP_IN_PROJ), Binding.whole(p + "mlp.up.weight", Layout.IN_OUT));
            b.put(WeightSite.decoder(i, WeightKind.MLP_OUT_PROJ), Binding.whole(p + "mlp.down.weight", Layout.IN_OUT));
        }
        return b;
    }

    /** {@return the sizes this model was made with} */
    public TinyConfig config() {
        return config;
    }

    /** The live parameters by name (for saving). */
    Map<String, NDArray> parameters() {
        return params;
    }

    /** The manager that owns the parameters (tests check that forward passes leave nothing in it). */
    NDManager parameterManager() {
        return manager;
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public TinyTokenizer tokenizer() {
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
            throw new IllegalArgumentException("the tiny model is decoder-only: give no decoder sequences");
        }
        for (int[] row : batch.sequences()) {
            checkRow(row);
        }
        BatchLayout layout = BatchLayout.of(batch.sequences(), PaddingSide.LEFT);
        NDArray ids = Padding.ids(m, batch.sequences(), layout, tokenizer.padId());
        NDArray x = p("embed.weight").get(m, new NDIndex("{}", ids))
                .add(p("pos.weight").get(m, new NDIndex("{}", Padding.positions(m, layout))));
        NDArray mask = attentionMask(m, layout);
        NDArray eps = m.create(1e-6f);
        NDArray scale = m.create((float) (1.0 / Math.sqrt(config.headDim())));
        for (int layer = 0; layer < config.numLayers(); layer++) {
            String b = "blocks." + layer + ".";
            x = hooks.apply(HookSite.decoder(layer, HookPoint.RESID_PRE), x, layout);
            NDArray attn = attention(rmsNorm(x, p(b + "norm1.weight"), eps), b, mask, scale);
            attn = hooks.apply(HookSite.decoder(layer, HookPoint.ATTN_OUT), attn, layout);
            x = x.add(attn);
            NDArray mlpIn = hooks.apply(HookSite.decoder(layer, HookPoint.MLP_IN),
                    rmsNorm(x, p(b + "norm2.weight"), eps), layout);
            NDArray pre = hooks.apply(HookSite.decoder(layer, HookPoint.MLP_PRE),
                    mlpIn.matMul(p(b + "mlp.up.weight")).add(p(b + "mlp.up.bias")), layout);
            NDArray key = Activation.gelu(pre);
            key = hooks.apply(HookSite.decoder(layer, HookPoint.MLP_KEY), key, layout);
            NDArray out = key.matMul(p(b + "mlp.down.weight")).add(p(b + "mlp.down.bias"));
            out = hooks.apply(HookSite.decoder(layer, HookPoint.MLP_OUT), out, layout);
            x = x.add(out);
            x = hooks.apply(HookSite.decoder(layer, HookPoint.RESID_POST), x, layout);
        }
        NDArray head = p(config.tieWordEmbeddings() ? "embed.weight" : "head.weight");
        NDArray logits = Linear.linear(rmsNorm(x, p("norm_f.weight"), eps), head).singletonOrThrow();
        return new ModelOutput(logits, layout);
    }

    private NDArray attention(NDArray h, String b, NDArray mask, NDArray scale) {
        long rows = h.getShape().get(0);
        long t = h.getShape().get(1);
        Shape split = new Shape(rows, t, config.numHeads(), config.headDim());
        NDArray q = Linear.linear(h, p(b + "attn.q.weight")).singletonOrThrow().reshape(split).transpose(0, 2, 1, 3);
        NDArray k = Linear.linear(h, p(b + "attn.k.weight")).singletonOrThrow().reshape(split).transpose(0, 2, 3, 1);
        NDArray v = Linear.linear(h, p(b + "attn.v.weight")).singletonOrThrow().reshape(split).transpose(0, 2, 1, 3);
        NDArray weights = q.matMul(k).mul(scale).add(mask).softmax(-1);
        NDArray mixed = weights.matMul(v).transpose(0, 2, 1, 3).reshape(rows, t, config.hiddenSize());
        return Linear.linear(mixed, p(b + "attn.o.weight")).singletonOrThrow();
    }

    /** {@code x / sqrt(mean(x²) + eps) · g}; scalars are arrays that live as long as the forward pass (autograd). */
    private static NDArray rmsNorm(NDArray x, NDArray gain, NDArray eps) {
        NDArray meanSquare = x.mul(x).mean(new int[] {-1}, true);
        return x.div(meanSquare.add(eps).sqrt()).mul(gain);
    }

    /** {@code [rows, 1, T, T]}: 0 where a query may attend (causal, real keys), a large negative number elsewhere. */
    private static NDArray attentionMask(NDManager m, BatchLayout layout) {
        int t = layout.paddedLength();
        float[] mask = new float[layout.rows() * t * t];
        Arrays.fill(mask, MASKED);
        for (int r = 0; r < layout.rows(); r++) {
            for (int query = 0; query < t; query++) {
                for (int key = layout.offset(r); key <= query; key++) {
                    mask[(r * t + query) * t + key] = 0f;
                }
            }
        }
        return m.create(mask, new Shape(layout.rows(), 1, t, t));
    }

    @Override
    public List<int[]> generate(List<int[]> prompts, int maxNewTokens, Hooks hooks) {
        List<List<Integer>> generated = new ArrayList<>();
        List<int[]> sequences = new ArrayList<>();
        for (int[] prompt : prompts) {
            checkRow(prompt);
            generated.add(new ArrayList<>());
            sequences.add(prompt.clone());
        }
        boolean[] done = new boolean[prompts.size()];
        for (int step = 0; step < maxNewTokens; step++) {
            List<Integer> active = new ArrayList<>();
            for (int i = 0; i < done.length; i++) {
                if (!done[i] && sequences.get(i).length < config.maxPositions()) {
                    active.add(i);
                }
            }
            if (active.isEmpty()) {
                break;
            }
            try (NDManager scratch = manager.newSubManager()) {
                ModelOutput out = forward(scratch, TokenBatch.of(active.stream().map(sequences::get).toList()),
                        hooks);
                long[] next = out.logits().get(new NDIndex(":, -1, :")).argMax(-1).toLongArray();
                for (int a = 0; a < active.size(); a++) {
                    int row = active.get(a);
                    int token = (int) next[a];
                    generated.get(row).add(token);
                    int[] grown = Arrays.copyOf(sequences.get(row), sequences.get(row).length + 1);
                    grown[grown.length - 1] = token;
                    sequences.set(row, grown);
                    done[row] = token == tokenizer.eosId().orElse(-1);
                }
            }
        }
        return generated.stream().map(g -> g.stream().mapToInt(Integer::intValue).toArray()).toList();
    }

    @Override
    public void close() {
        modelCache.close();
        manager.close();
    }

    private NDArray p(String name) {
        return params.get(name);
    }

    private void checkRow(int[] row) {
        if (row.length > config.maxPositions()) {
            throw new IllegalArgumentException("input of " + row.length + " tokens is longer than the model's "
                    + config.maxPositions() + " positions");
        }
        for (int id : row) {
            if (id < 0 || id >= config.vocab().size()) {
                throw new IllegalArgumentException("token id " + id + " is outside the vocabulary (size "
                        + config.vocab().size() + ")");
            }
        }
    }
}
