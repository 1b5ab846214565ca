package dev.amend.models.llama;

import static dev.amend.models.hf.HfConfig.MAX_LAYERS;
import static dev.amend.models.hf.HfConfig.MAX_POSITIONS;
import static dev.amend.models.hf.HfConfig.MAX_VOCAB;
import static dev.amend.models.hf.HfConfig.MAX_WIDTH;

import com.fasterxml.jackson.databind.JsonNode;
import dev.amend.models.hf.HfConfig;
import dev.amend.models.nn.Rotary;
import java.util.Optional;

/**
 * The config.json of LLaMA and the models that share its architecture: Mistral (sliding window) and Qwen2 (q/k/v
 * biases). {@code qkvBias}/{@code outBias} say which attention projections have biases.
 */
record LlamaConfig(String modelType, int vocabSize, int hidden, int intermediate, int layers, int heads, int kvHeads,
                   int headDim, int positions, float eps, float[] inverseFrequencies, boolean qkvBias, boolean outBias,
                   boolean mlpBias, String activation, boolean tied, int slidingWindow) {

    static LlamaConfig from(HfConfig c) {
        String type = c.modelType();
        int hidden = c.requireSize(MAX_WIDTH, "hidden_size");
        int heads = c.requireSize(MAX_LAYERS, "num_attention_heads");
        int kvHeads = c.sizeOr(heads, MAX_LAYERS, "num_key_value_heads");
        if (heads % kvHeads != 0) {
            throw c.invalid("num_key_value_heads", "(" + kvHeads + ") does not divide num_attention_heads (" + heads + ")");
        }
        if (c.optionalInt("head_dim").isEmpty() && hidden % heads != 0) {
            throw c.invalid("hidden_size", "(" + hidden + ") is not divisible by num_attention_heads (" + heads
                    + ") and no head_dim is given");
        }
        int headDim = c.sizeOr(hidden / heads, MAX_WIDTH, "head_dim");
        if (headDim % 2 != 0) {
            throw c.invalid("head_dim", "is " + headDim + " (hidden_size / num_attention_heads when not given): "
                    + "rotary embeddings need an even head size");
        }
        boolean qwen2 = type.equals("qwen2");
        boolean attentionBias = c.boolOr(false, "attention_bias");
        int window = 0;
        if (type.equals("mistral")) {
            window = c.sizeOr(0, MAX_POSITIONS, "sliding_window");
        } else if (qwen2 && c.boolOr(false, "use_sliding_window")) {
            throw c.invalid("use_sliding_window", "is true: Qwen2's per-layer sliding windows are not supported yet");
        }
        return new LlamaConfig(type, c.requireSize(MAX_VOCAB, "vocab_size"), hidden,
                c.requireSize(MAX_WIDTH, "intermediate_size"), c.requireSize(MAX_LAYERS, "num_hidden_layers"), heads,
                kvHeads, headDim, c.sizeOr(4096, MAX_POSITIONS, "max_position_embeddings"),
                (float) c.positiveOr(1e-6, "rms_norm_eps"), RopeScaling.inverseFrequencies(c, headDim),
                qwen2 || attentionBias, attentionBias, c.boolOr(false, "mlp_bias"), c.stringOr("silu", "hidden_act"),
                c.boolOr(false, "tie_word_embeddings"), window);
    }

    /** Rotary frequencies with {@code rope_scaling} applied. */
    static final class RopeScaling {
        private RopeScaling() {}

        static float[] inverseFrequencies(HfConfig c, int headDim) {
            float[] base = Rotary.inverseFrequencies(headDim, c.positiveOr(10000, "rope_theta"));
            Optional<JsonNode> scaling = c.object("rope_scaling");
            if (scaling.isEmpty()) {
                return base;
            }
            JsonNode s = scaling.get();
            String type = s.path("rope_type").asText(s.path("type").asText("default"));
            double factor = s.path("factor").asDouble(1);
            if (!(factor > 0) || Double.isInfinite(factor)) {
                throw c.invalid("rope_scaling", "has factor " + s.path("factor") + ", expected a number above 0");
            }
            switch (type) {
                case "default" -> {
                    return base;
                }
                case "linear" -> {
                    for (int i = 0; i < base.length; i++) {
                        base[i] = (float) (base[i] / factor);
                    }
                    return base;
                }
                case "llama3" -> {
                    if (!(s.path("high_freq_factor").asDouble(4) > s.path("low_freq_factor").asDouble(1))) {
                        throw c.invalid("rope_scaling", "has high_freq_factor " + s.path("high_freq_factor")
                                + " not above low_freq_factor " + s.path("low_freq_factor"));
                    }
                    return llama3(base, factor, s.path("low_freq_factor").asDouble(1),
                            s.path("high_freq_factor").asDouble(4),
                            s.path("original_max_position_embeddings").asDouble(8192));
                }
                default -> throw c.invalid("rope_scaling", "has rope_type '" + type
                        + "', which is not supported (supported: default, linear, llama3)");
            }
        }

        /** Llama 3.1's frequency-dependent scaling. */
        private static float[] llama3(float[] inv, double factor, double low, double high, double context) {
            double lowWavelength = context / low;
            double highWavelength = context / high;
            float[] out = new float[inv.length];
            for (int i = 0; i < inv.length; i++) {
                double wavelength = 2 * Math.PI / inv[i];
                if (wavelength < highWavelength) {
                    out[i] = inv[i];
                } else if (wavelength > lowWavelength) {
                    out[i] = (float) (inv[i] / factor);
                } else {
                    double smooth = (context / wavelength - low) / (high - low);
                    out[i] = (float) ((1 - smooth) * inv[i] / factor + smooth * inv[i]);
                }
            }
            return out;
        }
    }
}
