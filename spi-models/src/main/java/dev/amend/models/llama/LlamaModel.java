package dev.amend.models.llama;

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
 * LLaMA and its relatives: RMSNorm, rotate-half rotary with {@code rope_theta} (and rope scaling), grouped-query
 * attention, SwiGLU MLP ({@code down(act(gate x) · up x)}), head untied unless {@code tie_word_embeddings}; Qwen2 adds
 * q/k/v biases, Mistral a sliding attention window.
 */
final class LlamaModel extends DecoderOnlyModel {

    private static final String M = "model.";

    private final LlamaConfig config;
    private final Map<String, NDArray> p;
    private final BiFunction<NDManager, NDArray, NDArray> activation;
    private final Rotary rotary;

    LlamaModel(LlamaConfig config, ModelSpec spec, NDManager manager, Map<String, NDArray> params,
               HfTokenizer tokenizer, BiFunction<NDManager, NDArray, NDArray> activation) {
        super(spec, manager, tokenizer, new ParameterWeights(params, bindings(config)));
        this.config = config;
        this.p = params;
        this.activation = activation;
        this.rotary = new Rotary(config.headDim(), config.inverseFrequencies(), Rotary.Style.HALF);
    }

    static ModelSpec spec(LlamaConfig c, DataType stored, Device device) {
        return new ModelSpec(c.modelType(), Architecture.DECODER_ONLY, c.vocabSize(), c.hidden(), c.layers(), 0,
                c.heads(), c.intermediate(), c.positions(), stored, device);
    }

    static Map<String, Shape> expectedShapes(LlamaConfig c) {
        int d = c.hidden();
        long q = (long) c.heads() * c.headDim();
        long kv = (long) c.kvHeads() * c.headDim();
        Map<String, Shape> s = new LinkedHashMap<>();
        s.put(M + "embed_tokens.weight", new Shape(c.vocabSize(), d));
        for (int i = 0; i < c.layers(); i++) {
            String b = M + "layers." + i + ".";
            s.put(b + "input_layernorm.weight", new Shape(d));
            linear(s, b + "self_attn.q_proj", q, d, c.qkvBias());
            linear(s, b + "self_attn.k_proj", kv, d, c.qkvBias());
            linear(s, b + "self_attn.v_proj", kv, d, c.qkvBias());
            linear(s, b + "self_attn.o_proj", d, q, c.outBias());
            s.put(b + "post_attention_layernorm.weight", new Shape(d));
            linear(s, b + "mlp.gate_proj", c.intermediate(), d, c.mlpBias());
            linear(s, b + "mlp.up_proj", c.intermediate(), d, c.mlpBias());
            linear(s, b + "mlp.down_proj", d, c.intermediate(), c.mlpBias());
        }
        s.put(M + "norm.weight", new Shape(d));
        if (!c.tied()) {
            s.put("lm_head.weight", new Shape(c.vocabSize(), d));
        }
        return s;
    }

    private static void linear(Map<String, Shape> s, String module, long out, long in, boolean bias) {
        s.put(module + ".weight", new Shape(out, in));
        if (bias) {
            s.put(module + ".bias", new Shape(out));
        }
    }

    static Optional<String> canonicalName(LlamaConfig c, String stored) {
        if (stored.endsWith(".rotary_emb.inv_freq") || (stored.equals("lm_head.weight") && c.tied())) {
            return Optional.empty();
        }
        return Optional.of(stored);
    }

    private static Map<WeightSite, Binding> bindings(LlamaConfig c) {
        Map<WeightSite, Binding> b = new LinkedHashMap<>();
        b.put(WeightSite.decoder(WeightKind.EMBED), Binding.whole(M + "embed_tokens.weight", Layout.IN_OUT));
        b.put(WeightSite.decoder(WeightKind.LM_HEAD),
                Binding.whole(c.tied() ? M + "embed_tokens.weight" : "lm_head.weight", Layout.OUT_IN));
        for (int i = 0; i < c.layers(); i++) {
            String l = M + "layers." + i + ".";
            b.put(WeightSite.decoder(i, WeightKind.ATTN_Q), Binding.whole(l + "self_attn.q_proj.weight", Layout.OUT_IN));
            b.put(WeightSite.decoder(i, WeightKind.ATTN_K), Binding.whole(l + "self_attn.k_proj.weight", Layout.OUT_IN));
            b.put(WeightSite.decoder(i, WeightKind.ATTN_V), Binding.whole(l + "self_attn.v_proj.weight", Layout.OUT_IN));
            b.put(WeightSite.decoder(i, WeightKind.ATTN_O), Binding.whole(l + "self_attn.o_proj.weight", Layout.OUT_IN));
            b.put(WeightSite.decoder(i, WeightKind.MLP_GATE_PROJ), Binding.whole(l + "mlp.gate_proj.weight", Layout.OUT_IN));
            b.put(WeightSite.decoder(i, WeightKind.MLP_IN_PROJ), Binding.whole(l + "mlp.up_proj.weight", Layout.OUT_IN));
            b.put(WeightSite.decoder(i, WeightKind.MLP_OUT_PROJ), Binding.whole(l + "mlp.down_proj.weight", Layout.OUT_IN));
        }
        return b;
    }

    @Override
    protected int slidingWindow() {
        return config.slidingWindow();
    }

    @Override
    protected NDArray embed(NDArray ids, Pass pass) {
        return p.get(M + "embed_tokens.weight").get(pass.manager(), new NDIndex("{}", ids));
    }

    @Override
    protected NDArray block(int layer, NDArray x, Pass pass) {
        NDManager m = pass.manager();
        String b = M + "layers." + layer + ".";
        x = pass.hook(layer, HookPoint.RESID_PRE, x);
        NDArray h = Ops.rmsNorm(m, x, p.get(b + "input_layernorm.weight"), config.eps());
        NDList tables = pass.once(rotary, () -> rotary.tables(m, pass.positions()));
        NDArray q = rotary.apply(heads(h, b + "self_attn.q_proj", config.heads()), tables);
        NDArray k = rotary.apply(heads(h, b + "self_attn.k_proj", config.kvHeads()), tables);
        NDList kv = pass.keysAndValues(layer, k, heads(h, b + "self_attn.v_proj", config.kvHeads()));
        NDArray scale = m.create((float) (1.0 / Math.sqrt(config.headDim())));
        NDArray attended = Attention.attend(q, kv.get(0), kv.get(1), pass.mask(), scale, null);
        x = x.add(pass.hook(layer, HookPoint.ATTN_OUT, linear(attended, b + "self_attn.o_proj")));
        NDArray mlpIn = pass.hook(layer, HookPoint.MLP_IN,
                Ops.rmsNorm(m, x, p.get(b + "post_attention_layernorm.weight"), config.eps()));
        NDArray key = pass.hook(layer, HookPoint.MLP_KEY,
                activation.apply(m, pass.hook(layer, HookPoint.MLP_PRE, linear(mlpIn, b + "mlp.gate_proj")))
                        .mul(linear(mlpIn, b + "mlp.up_proj")));
        x = x.add(pass.hook(layer, HookPoint.MLP_OUT, linear(key, b + "mlp.down_proj")));
        return pass.hook(layer, HookPoint.RESID_POST, x);
    }

    private NDArray heads(NDArray h, String module, int count) {
        return Attention.splitHeads(linear(h, module), count);
    }

    /** {@code x · Wᵀ (+ b)} for the module's weight and, where it has one, bias. */
    private NDArray linear(NDArray x, String module) {
        return Ops.linear(x, p.get(module + ".weight"), p.get(module + ".bias"));
    }

    @Override
    protected NDArray head(NDArray x, Pass pass) {
        NDArray normed = Ops.rmsNorm(pass.manager(), x, p.get(M + "norm.weight"), config.eps());
        return Ops.linear(normed, p.get(config.tied() ? M + "embed_tokens.weight" : "lm_head.weight"), null);
    }
}
