package dev.amend.models.llama;

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
        int hidden = c.requireInt("hidden_size");
        int heads = c.requireInt("num_attention_heads");
        int kvHeads = c.intOr(heads, "num_key_value_heads");
        if (heads % kvHeads != 0) {
            throw c.invalid("num_key_value_heads", "(" + kvHeads + ") does not divide num_attention_heads (" + heads + ")");
        }
        int headDim = c.intOr(hidden / heads, "head_dim");
        boolean qwen2 = type.equals("qwen2");
        boolean attentionBias = c.boolOr(false, "attention_bias");
        int window = 0;
        if (type.equals("mistral")) {
            window = c.intOr(0, "sliding_window");
        } else if (qwen2 && c.boolOr(false, "use_sliding_window")) {
            throw c.invalid("use_sliding_window", "is true: Qwen2's per-layer sliding windows are not supported yet");
        }
        return new LlamaConfig(type, c.requireInt("vocab_size"), hidden, c.requireInt("intermediate_size"),
                c.requireInt("num_hidden_layers"), heads, kvHeads, headDim, c.intOr(4096, "max_position_embeddings"),
                (float) c.doubleOr(1e-6, "rms_norm_eps"), RopeScaling.inverseFrequencies(c, headDim),
                qwen2 || attentionBias, attentionBias, c.boolOr(false, "mlp_bias"), c.stringOr("silu", "hidden_act"),
                c.boolOr(false, "tie_word_embeddings"), window);
    }

    /** Rotary frequencies with {@code rope_scaling} applied. */
    static final class RopeScaling {
        private RopeScaling() {}

        static float[] inverseFrequencies(HfConfig c, int headDim) {
            float[] base = Rotary.inverseFrequencies(headDim, c.doubleOr(10000, "rope_theta"));
            Optional<JsonNode> scaling = c.object("rope_scaling");
            if (scaling.isEmpty()) {
                return base;
            }
            JsonNode s = scaling.get();
            String type = s.path("rope_type").asText(s.path("type").asText("default"));
            double factor = s.path("factor").asDouble(1);
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
