package dev.amend.models.gptj;

import static dev.amend.models.hf.HfConfig.MAX_LAYERS;
import static dev.amend.models.hf.HfConfig.MAX_POSITIONS;
import static dev.amend.models.hf.HfConfig.MAX_VOCAB;
import static dev.amend.models.hf.HfConfig.MAX_WIDTH;

import dev.amend.models.hf.HfConfig;

/** GPT-J's config.json; {@code rotaryDim} is {@code rotary_dim}, or the whole head when absent. */
record GptjConfig(int vocabSize, int positions, int hidden, int layers, int heads, int rotaryDim, int inner,
                  String activation, float eps, boolean tied) {

    static GptjConfig from(HfConfig c) {
        int hidden = c.requireSize(MAX_WIDTH, "n_embd", "hidden_size");
        int heads = c.requireSize(MAX_LAYERS, "n_head", "num_attention_heads");
        if (hidden % heads != 0) {
            throw c.invalid("n_embd", "(" + hidden + ") is not divisible by n_head (" + heads + ")");
        }
        int headDim = hidden / heads;
        int rotary = c.intOr(headDim, "rotary_dim");
        if (rotary <= 0 || rotary > headDim || rotary % 2 != 0) {
            throw c.invalid("rotary_dim", "is " + rotary + "; expected an even number from 2 to the head size " + headDim);
        }
        return new GptjConfig(c.requireSize(MAX_VOCAB, "vocab_size"),
                c.requireSize(MAX_POSITIONS, "n_positions", "max_position_embeddings"), hidden,
                c.requireSize(MAX_LAYERS, "n_layer", "num_hidden_layers"), heads, rotary,
                c.sizeOr(4 * hidden, MAX_WIDTH, "n_inner"), c.stringOr("gelu_new", "activation_function"),
                (float) c.positiveOr(1e-5, "layer_norm_epsilon"),
                c.boolOr(false, "tie_word_embeddings"));
    }

    int headDim() {
        return hidden / heads;
    }
}
