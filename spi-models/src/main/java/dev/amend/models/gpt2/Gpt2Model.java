package dev.amend.models.gpt2;

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
import dev.amend.toolkit.model.ParameterWeights.Binding;
import dev.amend.toolkit.model.ParameterWeights.Layout;
import dev.amend.toolkit.model.ParameterWeights;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * GPT-2: learned positions, pre-LayerNorm blocks, fused {@code c_attn = [q|k|v]}, Conv1D weights stored
 * {@code in × out}, gelu_new, head tied to the token embedding unless the config unties it. Parameter names are the
 * {@code GPT2LMHeadModel} module names ({@code transformer.h.0.mlp.c_proj.weight}) whether or not the file has the
 * {@code transformer.} prefix.
 */
final class Gpt2Model extends DecoderOnlyModel {

    private static final String T = "transformer.";

    private final Gpt2Config config;
    private final Map<String, NDArray> p;
    private final BiFunction<NDManager, NDArray, NDArray> activation;

    Gpt2Model(Gpt2Config config, ModelSpec spec, NDManager manager, Map<String, NDArray> params, HfTokenizer tokenizer,
              BiFunction<NDManager, NDArray, NDArray> activation) {
        super(spec, manager, tokenizer, new ParameterWeights(params, bindings(config)));
        this.config = config;
        this.p = params;
        this.activation = activation;
    }

    static ModelSpec spec(Gpt2Config c, DataType stored, ai.djl.Device device) {
        return new ModelSpec("gpt2", Architecture.DECODER_ONLY, c.vocabSize(), c.hidden(), c.layers(), 0, c.heads(),
                c.inner(), c.positions(), stored, device);
    }

    /** Canonical parameter names and the shapes config.json implies. */
    static Map<String, Shape> expectedShapes(Gpt2Config c) {
        int d = c.hidden();
        Map<String, Shape> s = new LinkedHashMap<>();
        s.put(T + "wte.weight", new Shape(c.vocabSize(), d));
        s.put(T + "wpe.weight", new Shape(c.positions(), d));
        for (int i = 0; i < c.layers(); i++) {
            String b = T + "h." + i + ".";
            s.put(b + "ln_1.weight", new Shape(d));
            s.put(b + "ln_1.bias", new Shape(d));
            s.put(b + "attn.c_attn.weight", new Shape(d, 3L * d));
            s.put(b + "attn.c_attn.bias", new Shape(3L * d));
            s.put(b + "attn.c_proj.weight", new Shape(d, d));
            s.put(b + "attn.c_proj.bias", new Shape(d));
            s.put(b + "ln_2.weight", new Shape(d));
            s.put(b + "ln_2.bias", new Shape(d));
            s.put(b + "mlp.c_fc.weight", new Shape(d, c.inner()));
            s.put(b + "mlp.c_fc.bias", new Shape(c.inner()));
            s.put(b + "mlp.c_proj.weight", new Shape(c.inner(), d));
            s.put(b + "mlp.c_proj.bias", new Shape(d));
        }
        s.put(T + "ln_f.weight", new Shape(d));
        s.put(T + "ln_f.bias", new Shape(d));
        if (!c.tied()) {
            s.put("lm_head.weight", new Shape(c.vocabSize(), d));
        }
        return s;
    }

    /** Stored name → canonical: adds the missing {@code transformer.} prefix, skips attention buffers and a tied head. */
    static Optional<String> canonicalName(Gpt2Config c, String stored) {
        if (stored.endsWith(".attn.bias") || stored.endsWith(".attn.masked_bias")) {
            return Optional.empty();
        }
        if (stored.equals("lm_head.weight")) {
            return c.tied() ? Optional.empty() : Optional.of(stored);
        }
        return Optional.of(stored.startsWith(T) ? stored : T + stored);
    }

    private static Map<WeightSite, Binding> bindings(Gpt2Config c) {
        int d = c.hidden();
        Map<WeightSite, Binding> b = new LinkedHashMap<>();
        b.put(WeightSite.decoder(WeightKind.EMBED), Binding.whole(T + "wte.weight", Layout.IN_OUT));
        b.put(WeightSite.decoder(WeightKind.LM_HEAD),
                Binding.whole(c.tied() ? T + "wte.weight" : "lm_head.weight", Layout.OUT_IN));
        for (int i = 0; i < c.layers(); i++) {
            String h = T + "h." + i + ".";
            b.put(WeightSite.decoder(i, WeightKind.ATTN_Q), new Binding(h + "attn.c_attn.weight", Layout.IN_OUT, 0, d));
            b.put(WeightSite.decoder(i, WeightKind.ATTN_K), new Binding(h + "attn.c_attn.weight", Layout.IN_OUT, d, 2 * d));
            b.put(WeightSite.decoder(i, WeightKind.ATTN_V),
                    new Binding(h + "attn.c_attn.weight", Layout.IN_OUT, 2 * d, 3 * d));
            b.put(WeightSite.decoder(i, WeightKind.ATTN_O), Binding.whole(h + "attn.c_proj.weight", Layout.IN_OUT));
            b.put(WeightSite.decoder(i, WeightKind.MLP_IN_PROJ), Binding.whole(h + "mlp.c_fc.weight", Layout.IN_OUT));
            b.put(WeightSite.decoder(i, WeightKind.MLP_OUT_PROJ), Binding.whole(h + "mlp.c_proj.weight", Layout.IN_OUT));
        }
        return b;
    }

    @Override
    protected NDArray embed(NDArray ids, Pass pass) {
        NDManager m = pass.manager();
        NDArray positions = m.create(pass.positions());
        return p.get(T + "wte.weight").get(m, new NDIndex("{}", ids))
                .add(p.get(T + "wpe.weight").get(m, new NDIndex("{}", positions)));
    }

    @Override
    protected NDArray block(int layer, NDArray x, Pass pass) {
        NDManager m = pass.manager();
        String b = T + "h." + layer + ".";
        x = pass.hook(layer, HookPoint.RESID_PRE, x);
        NDArray h = Ops.layerNorm(x, p.get(b + "ln_1.weight"), p.get(b + "ln_1.bias"), config.eps());
        NDList qkv = h.matMul(p.get(b + "attn.c_attn.weight")).add(p.get(b + "attn.c_attn.bias")).split(3, 2);
        NDArray q = Attention.splitHeads(qkv.get(0), config.heads());
        NDList kv = pass.keysAndValues(layer, Attention.splitHeads(qkv.get(1), config.heads()),
                Attention.splitHeads(qkv.get(2), config.heads()));
        double scale = config.scaleAttention() ? 1.0 / Math.sqrt(config.headDim()) : 1.0;
        if (config.scaleByInverseLayer()) {
            scale /= layer + 1;
        }
        NDArray attended = Attention.attend(q, kv.get(0), kv.get(1), pass.mask(), m.create((float) scale), null);
        NDArray attn = attended.matMul(p.get(b + "attn.c_proj.weight")).add(p.get(b + "attn.c_proj.bias"));
        x = x.add(pass.hook(layer, HookPoint.ATTN_OUT, attn));
        NDArray mlpIn = pass.hook(layer, HookPoint.MLP_IN,
                Ops.layerNorm(x, p.get(b + "ln_2.weight"), p.get(b + "ln_2.bias"), config.eps()));
        NDArray pre = pass.hook(layer, HookPoint.MLP_PRE,
                mlpIn.matMul(p.get(b + "mlp.c_fc.weight")).add(p.get(b + "mlp.c_fc.bias")));
        NDArray key = pass.hook(layer, HookPoint.MLP_KEY, activation.apply(m, pre));
        NDArray out = key.matMul(p.get(b + "mlp.c_proj.weight")).add(p.get(b + "mlp.c_proj.bias"));
        x = x.add(pass.hook(layer, HookPoint.MLP_OUT, out));
        return pass.hook(layer, HookPoint.RESID_POST, x);
    }

    @Override
    protected NDArray head(NDArray x, Pass pass) {
        NDArray normed = Ops.layerNorm(x, p.get(T + "ln_f.weight"), p.get(T + "ln_f.bias"), config.eps());
        return Ops.linear(normed, p.get(config.tied() ? T + "wte.weight" : "lm_head.weight"), null);
    }
}
