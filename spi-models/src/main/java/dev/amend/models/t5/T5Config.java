package dev.amend.models.t5;

import static dev.amend.models.hf.HfConfig.MAX_LAYERS;
import static dev.amend.models.hf.HfConfig.MAX_POSITIONS;
import static dev.amend.models.hf.HfConfig.MAX_VOCAB;
import static dev.amend.models.hf.HfConfig.MAX_WIDTH;

import dev.amend.models.hf.HfConfig;

/**
 * T5's config.json. {@code gated} and {@code activation} come from {@code feed_forward_proj} ("relu" for v1.0,
 * "gated-gelu" for v1.1, whose activation is gelu_new). {@code tied}: the head is the shared embedding;
 * {@code scaleOutputs}: the decoder output is scaled by {@code d_model^-0.5} before the head.
 */
record T5Config(int vocabSize, int hidden, int keyValueSize, int ff, int encoderLayers, int decoderLayers, int heads,
                int buckets, int maxDistance, float eps, boolean gated, String activation, boolean tied,
                boolean scaleOutputs, int decoderStart, int positions) {

    static T5Config from(HfConfig c) {
        String proj = c.stringOr("relu", "feed_forward_proj");
        String[] parts = proj.split("-");
        boolean gated = parts.length == 2 && parts[0].equals("gated");
        if (parts.length > 2 || (parts.length == 2 && !gated)) {
            throw c.invalid("feed_forward_proj", "is '" + proj + "'; expected an activation or gated-<activation>");
        }
        String activation = parts[parts.length - 1].equals("gelu") && gated ? "gelu_new" : parts[parts.length - 1];
        int layers = c.requireSize(MAX_LAYERS, "num_layers");
        int vocab = c.requireSize(MAX_VOCAB, "vocab_size");
        // Older configs say tie_word_embeddings for both the shared head and the d_model^-0.5 scaling; transformers 5
        // writes tie_word_embeddings: true with scale_decoder_outputs: false for v1.1's separate lm_head.
        boolean tieFlag = c.boolOr(true, "tie_word_embeddings");
        boolean scale = c.boolOr(tieFlag, "scale_decoder_outputs");
        boolean tied = tieFlag && scale;
        int pad = c.tokenId(vocab, "pad_token_id").orElse(0);
        return new T5Config(vocab, c.requireSize(MAX_WIDTH, "d_model"), c.requireSize(MAX_WIDTH, "d_kv"),
                c.requireSize(MAX_WIDTH, "d_ff"), layers, c.sizeOr(layers, MAX_LAYERS, "num_decoder_layers"),
                c.requireSize(MAX_LAYERS, "num_heads"), c.sizeOr(32, MAX_WIDTH, "relative_attention_num_buckets"),
                c.sizeOr(128, MAX_POSITIONS, "relative_attention_max_distance"),
                (float) c.positiveOr(1e-6, "layer_norm_epsilon"), gated, activation, tied, scale,
                c.tokenId(vocab, "decoder_start_token_id").orElse(pad), c.sizeOr(512, MAX_POSITIONS, "n_positions"));
    }

    int inner() {
        return heads * keyValueSize;
    }
}
