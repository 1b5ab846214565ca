package dev.amend.models.neox;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.amend.api.model.Architecture;
import dev.amend.api.model.HookPoint;
import dev.amend.api.model.ModelSpec;
import dev.amend.api.model.WeightKind;
import dev.amend.api.model.WeightSite;
import dev.amend.models.decoder.DecoderOnlyModel;
import dev.amend.models.decoder.Pass;
import dev.amend.models.hf.HfTokenizer;
import dev.amend.models.nn.Attention;
import dev.amend.models.nn.Ops;
import dev.amend.models.nn.Rotary;
import dev.amend.toolkit.model.ParameterWeights.Binding;
import dev.amend.toolkit.model.ParameterWeights.Layout;
import dev.amend.toolkit.model.ParameterWeights;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * GPT-NeoX: LayerNorms with bias before attention ({@code input_layernorm}) and MLP ({@code post_attention_layernorm}),
 * added in parallel ({@code x + attn(ln1 x) + mlp(ln2 x)}) or in sequence; one fused {@code query_key_value} whose
 * output holds, per head, that head's q, k and v features one after the other; rotate-half rotary on the first
 * {@code rotary_ndims} features of each head; an untied head {@code embed_out} without bias.
 *
 * <p>The per-head interleaving means q, k and v are not row ranges of {@code query_key_value}, so this model has no
 * {@code ATTN_Q/K/V} weight sites (a {@link Binding} is one row range); the output projection, the MLP, the embedding
 * and the head are editable.
 */
final class NeoxModel extends DecoderOnlyModel {

    private static final String N = "gpt_neox.";
    private static final String EMBED = N + "embed_in.weight";
    private static final String HEAD = "embed_out.weight";

    private final NeoxConfig config;
    private final Map<String, NDArray> p;
    private final BiFunction<NDManager, NDArray, NDArray> activation;
    private final Rotary rotary;

    NeoxModel(NeoxConfig config, ModelSpec spec, NDManager manager, Map<String, NDArray> params, HfTokenizer tokenizer,
              BiFunction<NDManager, NDArray, NDArray> activation) {
        super(spec, manager, tokenizer, new ParameterWeights(params, bindings(config)));
        this.config = config;
        this.p = params;
        this.activation = activation;
        this.rotary = new Rotary(config.rotaryDim(), Rotary.inverseFrequencies(config.rotaryDim(), config.rotaryBase()),
                Rotary.Style.HALF);
    }

    static ModelSpec spec(NeoxConfig c, DataType stored, Device device) {
        return new ModelSpec("gpt_neox", Architecture.DECODER_ONLY, c.vocabSize(), c.hidden(), c.layers(), 0,
                c.heads(), c.intermediate(), c.positions(), stored, device);
    }

    // tag::names[]
    static Map<String, Shape> expectedShapes(NeoxConfig c) {
        int d = c.hidden();
        Map<String, Shape> s = new LinkedHashMap<>();
        s.put(EMBED, new Shape(c.vocabSize(), d));
        for (int i = 0; i < c.layers(); i++) {
            String b = N + "layers." + i + ".";
            layerNorm(s, b + "input_layernorm", d);
            layerNorm(s, b + "post_attention_layernorm", d);
            linear(s, b + "attention.query_key_value", 3L * d, d, c.attentionBias());
            linear(s, b + "attention.dense", d, d, c.attentionBias());
            linear(s, b + "mlp.dense_h_to_4h", c.intermediate(), d, true);
            linear(s, b + "mlp.dense_4h_to_h", d, c.intermediate(), true);
        }
        layerNorm(s, N + "final_layer_norm", d);
        if (!c.tied()) {
            s.put(HEAD, new Shape(c.vocabSize(), d));
        }
        return s;
    }

    private static void linear(Map<String, Shape> s, String module, long out, long in, boolean bias) {
        s.put(module + ".weight", new Shape(out, in));
        if (bias) {
            s.put(module + ".bias", new Shape(out));
        }
    }

    private static void layerNorm(Map<String, Shape> s, String module, int d) {
        s.put(module + ".weight", new Shape(d));
        s.put(module + ".bias", new Shape(d));
    }

    /** Skips the buffers older checkpoints carry (causal mask, masked_bias, rotary inv_freq) and a tied head. */
    static Optional<String> canonicalName(NeoxConfig c, String stored) {
        if (stored.endsWith(".attention.bias") || stored.endsWith(".attention.masked_bias")
                || stored.endsWith(".rotary_emb.inv_freq") || (stored.equals(HEAD) && c.tied())) {
            return Optional.empty();
        }
        return Optional.of(stored);
    }
    // end::names[]

    // tag::bindings[]
    private static Map<WeightSite, Binding> bindings(NeoxConfig c) {
        Map<WeightSite, Binding> b = new LinkedHashMap<>();
        b.put(WeightSite.decoder(WeightKind.EMBED), Binding.whole(EMBED, Layout.IN_OUT));
        b.put(WeightSite.decoder(WeightKind.LM_HEAD), Binding.whole(c.tied() ? EMBED : HEAD, Layout.OUT_IN));
        for (int i = 0; i < c.layers(); i++) {
            String l = N + "layers." + i + ".";
            b.put(WeightSite.decoder(i, WeightKind.ATTN_O), Binding.whole(l + "attention.dense.weight", Layout.OUT_IN));
            b.put(WeightSite.decoder(i, WeightKind.MLP_IN_PROJ),
                    Binding.whole(l + "mlp.dense_h_to_4h.weight", Layout.OUT_IN));
            b.put(WeightSite.decoder(i, WeightKind.MLP_OUT_PROJ),
                    Binding.whole(l + "mlp.dense_4h_to_h.weight", Layout.OUT_IN));
        }
        return b;
    }
    // end::bindings[]

    @Override
    protected NDArray embed(NDArray ids, Pass pass) {
        return p.get(EMBED).get(pass.manager(), new NDIndex("{}", ids));
    }

    // tag::block[]
    @Override
    protected NDArray block(int layer, NDArray x, Pass pass) {
        NDManager m = pass.manager();
        String b = N + "layers." + layer + ".";
        x = pass.hook(layer, HookPoint.RESID_PRE, x);
        NDArray h = norm(x, b + "input_layernorm");
        // [rows, heads, T, 3·headDim]: each head's q, k, v side by side
        NDList qkv = Attention.splitHeads(linear(h, b + "attention.query_key_value"), config.heads()).split(3, 3);
        NDList tables = pass.once(rotary, () -> rotary.tables(m, pass.positions()));
        NDArray q = rotary.apply(qkv.get(0), tables);
        NDList kv = pass.keysAndValues(layer, rotary.apply(qkv.get(1), tables), qkv.get(2));
        NDArray scale = m.create((float) (1.0 / Math.sqrt(config.headDim())));
        NDArray attended = Attention.attend(q, kv.get(0), kv.get(1), pass.mask(), scale, null);
        NDArray attn = pass.hook(layer, HookPoint.ATTN_OUT, linear(attended, b + "attention.dense"));
        NDArray mlpFrom = config.parallelResidual() ? x : attn.add(x);
        NDArray mlpIn = pass.hook(layer, HookPoint.MLP_IN, norm(mlpFrom, b + "post_attention_layernorm"));
        NDArray pre = pass.hook(layer, HookPoint.MLP_PRE, linear(mlpIn, b + "mlp.dense_h_to_4h"));
        NDArray key = pass.hook(layer, HookPoint.MLP_KEY, activation.apply(m, pre));
        NDArray out = pass.hook(layer, HookPoint.MLP_OUT, linear(key, b + "mlp.dense_4h_to_h"));
        return pass.hook(layer, HookPoint.RESID_POST,
                config.parallelResidual() ? out.add(attn).add(x) : out.add(mlpFrom));
    }
    // end::block[]

    private NDArray norm(NDArray x, String module) {
        return Ops.layerNorm(x, p.get(module + ".weight"), p.get(module + ".bias"), config.eps());
    }

    /** {@code x · Wᵀ (+ b)} for the module's weight and, where it has one, bias. */
    private NDArray linear(NDArray x, String module) {
        return Ops.linear(x, p.get(module + ".weight"), p.get(module + ".bias"));
    }

    @Override
    protected NDArray head(NDArray x, Pass pass) {
        return Ops.linear(norm(x, N + "final_layer_norm"), p.get(config.tied() ? EMBED : HEAD), null);
    }
}
