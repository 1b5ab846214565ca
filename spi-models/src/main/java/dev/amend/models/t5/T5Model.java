package dev.amend.models.t5;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
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
import dev.amend.api.model.Stack;
import dev.amend.api.model.TokenBatch;
import dev.amend.api.model.WeightKind;
import dev.amend.api.model.WeightSite;
import dev.amend.api.model.Weights;
import dev.amend.models.hf.HfTokenizer;
import dev.amend.models.nn.Attention;
import dev.amend.models.nn.Masks;
import dev.amend.models.nn.Ops;
import dev.amend.toolkit.model.InputLength;
import dev.amend.toolkit.model.KeyedModelCache;
import dev.amend.toolkit.model.Padding;
import dev.amend.toolkit.model.ParameterWeights.Binding;
import dev.amend.toolkit.model.ParameterWeights.Layout;
import dev.amend.toolkit.model.ParameterWeights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * T5 (v1.0 and v1.1): RMSNorm without mean or bias, unscaled attention scores, a relative position bias computed in
 * the first block of each stack and reused by the later ones (bidirectional buckets in the encoder, causal in the
 * decoder, none in cross-attention), {@code num_heads · d_kv} possibly different from {@code d_model}, and, when the
 * head is tied to the embedding, the decoder output scaled by {@code d_model^-0.5}. Batches are padded on the right.
 */
final class T5Model implements LanguageModel {

    private final T5Config config;
    private final ModelSpec spec;
    private final NDManager manager;
    private final KeyedModelCache modelCache = new KeyedModelCache();
    private final Map<String, NDArray> p;
    private final HfTokenizer tokenizer;
    private final Weights weights;
    private final Set<HookSite> sites;
    private final BiFunction<NDManager, NDArray, NDArray> activation;

    T5Model(T5Config config, ModelSpec spec, NDManager manager, Map<String, NDArray> params, HfTokenizer tokenizer,
            BiFunction<NDManager, NDArray, NDArray> activation) {
        this.config = config;
        this.spec = spec;
        this.manager = manager;
        this.p = params;
        this.tokenizer = tokenizer;
        this.activation = activation;
        this.weights = new ParameterWeights(params, bindings(config));
        this.sites = HookSite.standardSites(spec);
    }

    private static int layers(T5Config c, Stack stack) {
        return stack == Stack.ENCODER ? c.encoderLayers() : c.decoderLayers();
    }

    private static String prefix(Stack stack, int layer) {
        return stack.name().toLowerCase(Locale.ROOT) + ".block." + layer + ".layer.";
    }

    static ModelSpec spec(T5Config c, DataType stored, Device device) {
        return new ModelSpec("t5", Architecture.ENCODER_DECODER, c.vocabSize(), c.hidden(), c.decoderLayers(),
                c.encoderLayers(), c.heads(), c.ff(), c.positions(), stored, device);
    }

    static Map<String, Shape> expectedShapes(T5Config c) {
        int d = c.hidden();
        Map<String, Shape> s = new LinkedHashMap<>();
        s.put("shared.weight", new Shape(c.vocabSize(), d));
        for (Stack stack : Stack.values()) {
            for (int i = 0; i < layers(c, stack); i++) {
                String b = prefix(stack, i);
                attention(s, b + "0.SelfAttention.", c);
                if (i == 0) {
                    s.put(b + "0.SelfAttention.relative_attention_bias.weight", new Shape(c.buckets(), c.heads()));
                }
                s.put(b + "0.layer_norm.weight", new Shape(d));
                int mlp = 1;
                if (stack == Stack.DECODER) {
                    attention(s, b + "1.EncDecAttention.", c);
                    s.put(b + "1.layer_norm.weight", new Shape(d));
                    mlp = 2;
                }
                String ff = b + mlp + ".DenseReluDense.";
                if (c.gated()) {
                    s.put(ff + "wi_0.weight", new Shape(c.ff(), d));
                    s.put(ff + "wi_1.weight", new Shape(c.ff(), d));
                } else {
                    s.put(ff + "wi.weight", new Shape(c.ff(), d));
                }
                s.put(ff + "wo.weight", new Shape(d, c.ff()));
                s.put(b + mlp + ".layer_norm.weight", new Shape(d));
            }
            s.put(stack.name().toLowerCase(Locale.ROOT) + ".final_layer_norm.weight", new Shape(d));
        }
        if (!c.tied()) {
            s.put("lm_head.weight", new Shape(c.vocabSize(), d));
        }
        return s;
    }

    private static void attention(Map<String, Shape> s, String module, T5Config c) {
        s.put(module + "q.weight", new Shape(c.inner(), c.hidden()));
        s.put(module + "k.weight", new Shape(c.inner(), c.hidden()));
        s.put(module + "v.weight", new Shape(c.inner(), c.hidden()));
        s.put(module + "o.weight", new Shape(c.hidden(), c.inner()));
    }

    /** The stacks' own copies of the shared embedding (and a tied head) are skipped. */
    static Optional<String> canonicalName(T5Config c, String stored) {
        if (stored.equals("encoder.embed_tokens.weight") || stored.equals("decoder.embed_tokens.weight")
                || (stored.equals("lm_head.weight") && c.tied())) {
            return Optional.empty();
        }
        return Optional.of(stored);
    }

    private static Map<WeightSite, Binding> bindings(T5Config c) {
        Map<WeightSite, Binding> b = new LinkedHashMap<>();
        for (Stack stack : Stack.values()) {
            b.put(new WeightSite(stack, WeightSite.MODEL_LEVEL, WeightKind.EMBED),
                    Binding.whole("shared.weight", Layout.IN_OUT));
            for (int i = 0; i < layers(c, stack); i++) {
                String a = prefix(stack, i) + "0.SelfAttention.";
                b.put(new WeightSite(stack, i, WeightKind.ATTN_Q), Binding.whole(a + "q.weight", Layout.OUT_IN));
                b.put(new WeightSite(stack, i, WeightKind.ATTN_K), Binding.whole(a + "k.weight", Layout.OUT_IN));
                b.put(new WeightSite(stack, i, WeightKind.ATTN_V), Binding.whole(a + "v.weight", Layout.OUT_IN));
                b.put(new WeightSite(stack, i, WeightKind.ATTN_O), Binding.whole(a + "o.weight", Layout.OUT_IN));
                String ff = prefix(stack, i) + (stack == Stack.DECODER ? 2 : 1) + ".DenseReluDense.";
                if (c.gated()) {
                    b.put(new WeightSite(stack, i, WeightKind.MLP_GATE_PROJ), Binding.whole(ff + "wi_0.weight", Layout.OUT_IN));
                    b.put(new WeightSite(stack, i, WeightKind.MLP_IN_PROJ), Binding.whole(ff + "wi_1.weight", Layout.OUT_IN));
                } else {
                    b.put(new WeightSite(stack, i, WeightKind.MLP_IN_PROJ), Binding.whole(ff + "wi.weight", Layout.OUT_IN));
                }
                b.put(new WeightSite(stack, i, WeightKind.MLP_OUT_PROJ), Binding.whole(ff + "wo.weight", Layout.OUT_IN));
            }
        }
        b.put(WeightSite.decoder(WeightKind.LM_HEAD), Binding.whole(c.tied() ? "shared.weight" : "lm_head.weight",
                Layout.OUT_IN));
        return b;
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
    public int decoderStartId() {
        return config.decoderStart();
    }

    @Override
    public PaddingSide paddingSide() {
        return PaddingSide.RIGHT;
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
        if (batch.decoderSequences().isEmpty()) {
            throw new IllegalArgumentException("T5 is an encoder-decoder model: give decoder sequences too (they start "
                    + "with decoder_start_token_id " + config.decoderStart() + ")");
        }
        batch.sequences().forEach(this::checkRow);
        batch.decoderSequences().forEach(this::checkRow);
        Encoded encoded = encode(m, batch.sequences(), hooks);
        BatchLayout layout = BatchLayout.of(batch.decoderSequences(), PaddingSide.RIGHT);
        return new ModelOutput(decode(m, encoded, batch.decoderSequences(), layout, hooks), layout);
    }

    /** The encoder's output and where its real tokens are. */
    private record Encoded(NDArray states, BatchLayout layout) {}

    private Encoded encode(NDManager m, List<int[]> sequences, Hooks hooks) {
        BatchLayout layout = BatchLayout.of(sequences, PaddingSide.RIGHT);
        int t = layout.paddedLength();
        NDArray mask = Masks.additive(m, new int[layout.rows()], lengths(layout), t, t, false, 0);
        NDArray x = embed(m, sequences, layout);
        NDArray bias = null;
        for (int layer = 0; layer < config.encoderLayers(); layer++) {
            String b = prefix(Stack.ENCODER, layer);
            if (layer == 0) {
                bias = RelativePositions.bias(m, p.get(b + "0.SelfAttention.relative_attention_bias.weight"), t, t,
                        true, config.maxDistance());
            }
            x = hooks.apply(new HookSite(Stack.ENCODER, layer, HookPoint.RESID_PRE), x, layout);
            NDArray h = Ops.rmsNorm(m, x, p.get(b + "0.layer_norm.weight"), config.eps());
            NDArray attn = attention(h, h, b + "0.SelfAttention.", mask, bias);
            x = x.add(hooks.apply(new HookSite(Stack.ENCODER, layer, HookPoint.ATTN_OUT), attn, layout));
            x = feedForward(m, x, Stack.ENCODER, layer, b + "1.", hooks, layout);
        }
        return new Encoded(Ops.rmsNorm(m, x, p.get("encoder.final_layer_norm.weight"), config.eps()), layout);
    }

    private NDArray decode(NDManager m, Encoded encoded, List<int[]> sequences, BatchLayout layout, Hooks hooks) {
        int t = layout.paddedLength();
        NDArray selfMask = Masks.additive(m, new int[layout.rows()], lengths(layout), t, t, true, 0);
        NDArray crossMask = Masks.additive(m, new int[layout.rows()], lengths(encoded.layout()), t,
                encoded.layout().paddedLength(), false, 0);
        NDArray x = embed(m, sequences, layout);
        NDArray bias = null;
        for (int layer = 0; layer < config.decoderLayers(); layer++) {
            String b = prefix(Stack.DECODER, layer);
            if (layer == 0) {
                bias = RelativePositions.bias(m, p.get(b + "0.SelfAttention.relative_attention_bias.weight"), t, t,
                        false, config.maxDistance());
            }
            x = hooks.apply(HookSite.decoder(layer, HookPoint.RESID_PRE), x, layout);
            NDArray h = Ops.rmsNorm(m, x, p.get(b + "0.layer_norm.weight"), config.eps());
            NDArray attn = attention(h, h, b + "0.SelfAttention.", selfMask, bias);
            x = x.add(hooks.apply(HookSite.decoder(layer, HookPoint.ATTN_OUT), attn, layout));
            NDArray c = Ops.rmsNorm(m, x, p.get(b + "1.layer_norm.weight"), config.eps());
            NDArray cross = attention(c, encoded.states(), b + "1.EncDecAttention.", crossMask, null);
            x = x.add(hooks.apply(HookSite.decoder(layer, HookPoint.CROSS_ATTN_OUT), cross, layout));
            x = feedForward(m, x, Stack.DECODER, layer, b + "2.", hooks, layout);
        }
        NDArray out = Ops.rmsNorm(m, x, p.get("decoder.final_layer_norm.weight"), config.eps());
        if (config.scaleOutputs()) {
            out = out.mul(m.create((float) Math.pow(config.hidden(), -0.5)));
        }
        return Ops.linear(out, p.get(config.tied() ? "shared.weight" : "lm_head.weight"), null);
    }

    private NDArray attention(NDArray queries, NDArray keys, String module, NDArray mask, NDArray bias) {
        NDArray q = Attention.splitHeads(linear(queries, module + "q.weight"), config.heads());
        NDArray k = Attention.splitHeads(linear(keys, module + "k.weight"), config.heads());
        NDArray v = Attention.splitHeads(linear(keys, module + "v.weight"), config.heads());
        return linear(Attention.attend(q, k, v, mask, null, bias), module + "o.weight");
    }

    private NDArray feedForward(NDManager m, NDArray x, Stack stack, int layer, String module, Hooks hooks,
                                BatchLayout layout) {
        NDArray in = hooks.apply(new HookSite(stack, layer, HookPoint.MLP_IN),
                Ops.rmsNorm(m, x, p.get(module + "layer_norm.weight"), config.eps()), layout);
        String ff = module + "DenseReluDense.";
        NDArray pre = hooks.apply(new HookSite(stack, layer, HookPoint.MLP_PRE),
                linear(in, ff + (config.gated() ? "wi_0.weight" : "wi.weight")), layout);
        NDArray key = config.gated()
                ? activation.apply(m, pre).mul(linear(in, ff + "wi_1.weight"))
                : activation.apply(m, pre);
        key = hooks.apply(new HookSite(stack, layer, HookPoint.MLP_KEY), key, layout);
        NDArray out = hooks.apply(new HookSite(stack, layer, HookPoint.MLP_OUT), linear(key, ff + "wo.weight"), layout);
        return hooks.apply(new HookSite(stack, layer, HookPoint.RESID_POST), x.add(out), layout);
    }

    private NDArray linear(NDArray x, String weight) {
        return Ops.linear(x, p.get(weight), null);
    }

    private NDArray embed(NDManager m, List<int[]> sequences, BatchLayout layout) {
        NDArray ids = Padding.ids(m, sequences, layout, tokenizer.padId());
        return p.get("shared.weight").get(m, new NDIndex("{}", ids));
    }

    private static int[] lengths(BatchLayout layout) {
        int[] lengths = new int[layout.rows()];
        for (int r = 0; r < lengths.length; r++) {
            lengths[r] = layout.length(r);
        }
        return lengths;
    }

    /**
     * Greedy encoder-decoder generation: the prompts are encoded once; the decoder starts from
     * {@code decoder_start_token_id} and is run on the tokens so far at each step.
     */
    @Override
    public List<int[]> generate(List<int[]> prompts, int maxNewTokens, Hooks hooks) {
        hooks.checkSupported(sites);
        prompts.forEach(this::checkRow);
        List<int[]> decoded = new ArrayList<>();
        prompts.forEach(prompt -> decoded.add(new int[] {config.decoderStart()}));
        boolean[] done = new boolean[prompts.size()];
        int eos = tokenizer.eosId().orElse(-1);
        try (NDManager generation = manager.newSubManager()) {
            Encoded encoded = encode(generation, prompts, hooks);
            for (int step = 0; step < maxNewTokens && !allTrue(done); step++) {
                try (NDManager scratch = generation.newSubManager()) {
                    BatchLayout layout = BatchLayout.of(decoded, PaddingSide.RIGHT);
                    NDArray logits = decode(scratch, encoded, decoded, layout, hooks);
                    long[] next = logits.get(new NDIndex(":, -1, :")).argMax(-1).toLongArray();
                    for (int r = 0; r < decoded.size(); r++) {
                        int[] grown = Arrays.copyOf(decoded.get(r), decoded.get(r).length + 1);
                        grown[grown.length - 1] = done[r] ? tokenizer.padId() : (int) next[r];
                        decoded.set(r, grown);
                        done[r] = done[r] || next[r] == eos;
                    }
                }
            }
        }
        List<int[]> generated = new ArrayList<>();
        for (int r = 0; r < decoded.size(); r++) {
            int[] row = Arrays.copyOfRange(decoded.get(r), 1, decoded.get(r).length);
            int end = 0;
            while (end < row.length && (end == 0 || row[end - 1] != eos)) {
                end++;
            }
            generated.add(Arrays.copyOf(row, end));
        }
        return generated;
    }

    private static boolean allTrue(boolean[] flags) {
        for (boolean f : flags) {
            if (!f) {
                return false;
            }
        }
        return true;
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
