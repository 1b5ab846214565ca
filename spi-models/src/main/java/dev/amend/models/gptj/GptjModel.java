package dev.amend.models.gptj;

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
 * GPT-J: one {@code ln_1} feeding attention and MLP in parallel ({@code x + attn(ln_1 x) + mlp(ln_1 x)}), rotary
 * embeddings on the first {@code rotary_dim} features of each head in the interleaved form, q/k/v/out projections
 * without bias, and an untied head with a bias.
 */
final class GptjModel extends DecoderOnlyModel {

    private static final String T = "transformer.";

    private final GptjConfig config;
    private final Map<String, NDArray> p;
    private final BiFunction<NDManager, NDArray, NDArray> activation;
    private final Rotary rotary;

    GptjModel(GptjConfig config, ModelSpec spec, NDManager manager, Map<String, NDArray> params, HfTokenizer tokenizer,
              BiFunction<NDManager, NDArray, NDArray> activation) {
        super(spec, manager, tokenizer, new ParameterWeights(params, bindings(config)));
        this.config = config;
        this.p = params;
        this.activation = activation;
        this.rotary = new Rotary(config.rotaryDim(), Rotary.inverseFrequencies(config.rotaryDim(), 10000),
                Rotary.Style.INTERLEAVED);
    }

    static ModelSpec spec(GptjConfig c, DataType stored, Device device) {
        return new ModelSpec("gptj", Architecture.DECODER_ONLY, c.vocabSize(), c.hidden(), c.layers(), 0, c.heads(),
                c.inner(), c.positions(), stored, device);
    }

    static Map<String, Shape> expectedShapes(GptjConfig c) {
        int d = c.hidden();
        Map<String, Shape> s = new LinkedHashMap<>();
        s.put(T + "wte.weight", new Shape(c.vocabSize(), d));
        for (int i = 0; i < c.layers(); i++) {
            String b = T + "h." + i + ".";
            s.put(b + "ln_1.weight", new Shape(d));
            s.put(b + "ln_1.bias", new Shape(d));
            for (String proj : new String[] {"q_proj", "k_proj", "v_proj", "out_proj"}) {
                s.put(b + "attn." + proj + ".weight", new Shape(d, d));
            }
            s.put(b + "mlp.fc_in.weight", new Shape(c.inner(), d));
            s.put(b + "mlp.fc_in.bias", new Shape(c.inner()));
            s.put(b + "mlp.fc_out.weight", new Shape(d, c.inner()));
            s.put(b + "mlp.fc_out.bias", new Shape(d));
        }
        s.put(T + "ln_f.weight", new Shape(d));
        s.put(T + "ln_f.bias", new Shape(d));
        if (!c.tied()) {
            s.put("lm_head.weight", new Shape(c.vocabSize(), d));
        }
        s.put("lm_head.bias", new Shape(c.vocabSize()));
        return s;
    }

    static Optional<String> canonicalName(GptjConfig c, String stored) {
        if (stored.endsWith(".attn.bias") || stored.endsWith(".attn.masked_bias")) {
            return Optional.empty();
        }
        if (stored.equals("lm_head.weight") && c.tied()) {
            return Optional.empty();
        }
        return Optional.of(stored);
    }

    private static Map<WeightSite, Binding> bindings(GptjConfig c) {
        Map<WeightSite, Binding> b = new LinkedHashMap<>();
        b.put(WeightSite.decoder(WeightKind.EMBED), Binding.whole(T + "wte.weight", Layout.IN_OUT));
        b.put(WeightSite.decoder(WeightKind.LM_HEAD),
                Binding.whole(c.tied() ? T + "wte.weight" : "lm_head.weight", Layout.OUT_IN));
        for (int i = 0; i < c.layers(); i++) {
            String h = T + "h." + i + ".";
            b.put(WeightSite.decoder(i, WeightKind.ATTN_Q), Binding.whole(h + "attn.q_proj.weight", Layout.OUT_IN));
            b.put(WeightSite.decoder(i, WeightKind.ATTN_K), Binding.whole(h + "attn.k_proj.weight", Layout.OUT_IN));
            b.put(WeightSite.decoder(i, WeightKind.ATTN_V), Binding.whole(h + "attn.v_proj.weight", Layout.OUT_IN));
            b.put(WeightSite.decoder(i, WeightKind.ATTN_O), Binding.whole(h + "attn.out_proj.weight", Layout.OUT_IN));
            b.put(WeightSite.decoder(i, WeightKind.MLP_IN_PROJ), Binding.whole(h + "mlp.fc_in.weight", Layout.OUT_IN));
            b.put(WeightSite.decoder(i, WeightKind.MLP_OUT_PROJ), Binding.whole(h + "mlp.fc_out.weight", Layout.OUT_IN));
        }
        return b;
    }

    @Override
    protected NDArray embed(NDArray ids, Pass pass) {
        return p.get(T + "wte.weight").get(pass.manager(), new NDIndex("{}", ids));
    }

    @Override
    protected NDArray block(int layer, NDArray x, Pass pass) {
        NDManager m = pass.manager();
        String b = T + "h." + layer + ".";
        x = pass.hook(layer, HookPoint.RESID_PRE, x);
        NDArray h = Ops.layerNorm(x, p.get(b + "ln_1.weight"), p.get(b + "ln_1.bias"), config.eps());
        NDList tables = pass.once(rotary, () -> rotary.tables(m, pass.positions()));
        NDArray q = rotary.apply(heads(h, b + "attn.q_proj.weight"), tables);
        NDArray k = rotary.apply(heads(h, b + "attn.k_proj.weight"), tables);
        NDList kv = pass.keysAndValues(layer, k, heads(h, b + "attn.v_proj.weight"));
        NDArray scale = m.create((float) (1.0 / Math.sqrt(config.headDim())));
        NDArray attended = Attention.attend(q, kv.get(0), kv.get(1), pass.mask(), scale, null);
        NDArray attn = pass.hook(layer, HookPoint.ATTN_OUT,
                Ops.linear(attended, p.get(b + "attn.out_proj.weight"), null));
        NDArray mlpIn = pass.hook(layer, HookPoint.MLP_IN, h);
        NDArray pre = pass.hook(layer, HookPoint.MLP_PRE,
                Ops.linear(mlpIn, p.get(b + "mlp.fc_in.weight"), p.get(b + "mlp.fc_in.bias")));
        NDArray key = pass.hook(layer, HookPoint.MLP_KEY, activation.apply(m, pre));
        NDArray out = pass.hook(layer, HookPoint.MLP_OUT,
                Ops.linear(key, p.get(b + "mlp.fc_out.weight"), p.get(b + "mlp.fc_out.bias")));
        return pass.hook(layer, HookPoint.RESID_POST, attn.add(out).add(x));
    }

    private NDArray heads(NDArray h, String weight) {
        return Attention.splitHeads(Ops.linear(h, p.get(weight), null), config.heads());
    }

    @Override
    protected NDArray head(NDArray x, Pass pass) {
        NDArray normed = Ops.layerNorm(x, p.get(T + "ln_f.weight"), p.get(T + "ln_f.bias"), config.eps());
        return Ops.linear(normed, p.get(config.tied() ? T + "wte.weight" : "lm_head.weight"), p.get("lm_head.bias"));
    }
}
