package dev.amend.models.gpt2;

import static dev.amend.models.hf.HfConfig.MAX_LAYERS;
import static dev.amend.models.hf.HfConfig.MAX_POSITIONS;
import static dev.amend.models.hf.HfConfig.MAX_VOCAB;
import static dev.amend.models.hf.HfConfig.MAX_WIDTH;

import dev.amend.models.hf.HfConfig;

/**
 * GPT-2's config.json.
 *
 * @param activation            {@code activation_function} (gelu_new by default)
 * @param scaleByInverseLayer   {@code scale_attn_by_inverse_layer_idx}: scores also divided by layer + 1
 */
record Gpt2Config(int vocabSize, int positions, int hidden, int layers, int heads, int inner, String activation,
                  float eps, boolean scaleAttention, boolean scaleByInverseLayer, boolean tied) {

    static Gpt2Config from(HfConfig c) {
        int hidden = c.requireSize(MAX_WIDTH, "n_embd", "hidden_size");
        int heads = c.requireSize(MAX_LAYERS, "n_head", "num_attention_heads");
        if (hidden % heads != 0) {
            throw c.invalid("n_embd", "(" + hidden + ") is not divisible by n_head (" + heads + ")");
        }
        return new Gpt2Config(c.requireSize(MAX_VOCAB, "vocab_size"),
                c.requireSize(MAX_POSITIONS, "n_positions", "max_position_embeddings"), hidden,
                c.requireSize(MAX_LAYERS, "n_layer", "num_hidden_layers"), heads, c.sizeOr(4 * hidden, MAX_WIDTH, "n_inner"),
                c.stringOr("gelu_new", "activation_function"), (float) c.positiveOr(1e-5, "layer_norm_epsilon"),
                c.boolOr(true, "scale_attn_weights"), c.boolOr(false, "scale_attn_by_inverse_layer_idx"),
                c.boolOr(true, "tie_word_embeddings"));
    }

    int headDim() {
        return hidden / heads;
    }
}
