package dev.amend.models.neox;

import static dev.amend.models.hf.HfConfig.MAX_LAYERS;
import static dev.amend.models.hf.HfConfig.MAX_POSITIONS;
import static dev.amend.models.hf.HfConfig.MAX_VOCAB;
import static dev.amend.models.hf.HfConfig.MAX_WIDTH;

import com.fasterxml.jackson.databind.JsonNode;
import dev.amend.models.hf.HfConfig;
import java.util.Optional;

/**
 * GPT-NeoX's config.json. The rotary settings have three spellings across Transformers versions: {@code rotary_pct} and
 * {@code rotary_emb_base} (Pythia), {@code partial_rotary_factor} and {@code rope_theta} (later versions write both),
 * and a {@code rope_parameters} object (newest), which wins when present.
 *
 * @param rotaryDim        {@code int(head_size · rotary_pct)}: the rotated features of each head
 * @param parallelResidual {@code use_parallel_residual}: {@code x + attn(ln1 x) + mlp(ln2 x)}, else sequential
 * @param attentionBias    {@code attention_bias}: whether {@code query_key_value} and {@code dense} have biases
 */
record NeoxConfig(int vocabSize, int positions, int hidden, int layers, int heads, int intermediate, int rotaryDim,
                  double rotaryBase, String activation, float eps, boolean parallelResidual, boolean attentionBias,
                  boolean tied) {

    static NeoxConfig from(HfConfig c) {
        int hidden = c.requireSize(MAX_WIDTH, "hidden_size");
        int heads = c.requireSize(MAX_LAYERS, "num_attention_heads");
        if (hidden % heads != 0) {
            throw c.invalid("hidden_size", "(" + hidden + ") is not divisible by num_attention_heads (" + heads + ")");
        }
        int headDim = hidden / heads;
        Optional<JsonNode> rope = c.object("rope_parameters");
        requireDefaultRope(c, "rope_parameters", rope);
        requireDefaultRope(c, "rope_scaling", c.object("rope_scaling"));
        double fraction = ropeValue(c, rope, "partial_rotary_factor", 0.25, "rotary_pct", "partial_rotary_factor");
        int rotary = (int) (headDim * fraction);
        if (rotary < 2 || rotary > headDim || rotary % 2 != 0) {
            throw c.invalid("rotary_pct", "is " + fraction + ": int(head size " + headDim + " · rotary_pct) = "
                    + rotary + ", expected an even number from 2 to the head size");
        }
        double base = ropeValue(c, rope, "rope_theta", 10000, "rotary_emb_base", "rope_theta");
        if (!(base > 0) || Double.isInfinite(base)) {
            throw c.invalid("rope_theta", "(rotary base) is " + base + ", expected a number above 0");
        }
        return new NeoxConfig(c.requireSize(MAX_VOCAB, "vocab_size"),
                c.sizeOr(2048, MAX_POSITIONS, "max_position_embeddings"), hidden,
                c.requireSize(MAX_LAYERS, "num_hidden_layers"), heads, c.requireSize(MAX_WIDTH, "intermediate_size"),
                rotary, base, c.stringOr("gelu", "hidden_act"), (float) c.positiveOr(1e-5, "layer_norm_eps"),
                c.boolOr(true, "use_parallel_residual"), c.boolOr(true, "attention_bias"),
                c.boolOr(false, "tie_word_embeddings"));
    }

    int headDim() {
        return hidden / heads;
    }

    /** {@code rope_parameters[nested]} when given, else the first of the top-level {@code keys}, else the default. */
    private static double ropeValue(HfConfig c, Optional<JsonNode> rope, String nested, double fallback,
                                    String... keys) {
        JsonNode v = rope.map(r -> r.get(nested)).filter(n -> !n.isNull()).orElse(null);
        if (v == null) {
            return c.doubleOr(fallback, keys);
        }
        if (!v.isNumber()) {
            throw c.invalid("rope_parameters", "has " + nested + " = " + v + ", expected a number");
        }
        return v.asDouble();
    }

    /** Only plain rotary is implemented: a scaled one would silently compute something else. */
    private static void requireDefaultRope(HfConfig c, String key, Optional<JsonNode> rope) {
        String type = rope.map(r -> r.path("rope_type").asText(r.path("type").asText("default"))).orElse("default");
        if (!type.equals("default")) {
            throw c.invalid(key, "has rope_type '" + type
                    + "', which gpt_neox does not support yet (supported: default)");
        }
    }
}
