package dev.amend.trainers.toy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.amend.toolkit.io.Safetensors;
import dev.amend.trainers.common.Checkpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The files of a fresh toy GPT-2: HuggingFace {@code config.json}, a WordLevel {@code tokenizer.json} and safetensors
 * weights with GPT-2's initialisation.
 */
final class ToyCheckpoints {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ToyCheckpoints() {}

    /** Writes config.json and tokenizer.json of a GPT-2 over {@code vocabulary}. */
    static void writeModelFiles(Path dir, ToyPretrainHParams h, List<String> vocabulary) throws IOException {
        Files.createDirectories(dir);
        ObjectNode config = JSON.createObjectNode();
        config.put("model_type", "gpt2");
        config.putArray("architectures").add("GPT2LMHeadModel");
        config.put("vocab_size", vocabulary.size()).put("n_positions", h.rowLength()).put("n_embd", h.hidden())
                .put("n_layer", h.layers()).put("n_head", h.heads()).putNull("n_inner");
        config.put("activation_function", h.activationFunction()).put("layer_norm_epsilon", 1e-5)
                .put("bos_token_id", vocabulary.indexOf("<eos>")).put("eos_token_id", vocabulary.indexOf("<eos>"))
                .put("pad_token_id", vocabulary.indexOf("<pad>")).put("tie_word_embeddings", true)
                .put("torch_dtype", "float32");
        JSON.writeValue(dir.resolve("config.json").toFile(), config);

        ObjectNode tokenizer = JSON.createObjectNode();
        tokenizer.put("version", "1.0").putNull("truncation");
        tokenizer.putNull("padding");
        ArrayNode added = tokenizer.putArray("added_tokens");
        for (String special : List.of("<pad>", "<unk>", "<eos>")) {
            added.addObject().put("id", vocabulary.indexOf(special)).put("content", special).put("single_word", false)
                    .put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true);
        }
        tokenizer.putNull("normalizer");
        tokenizer.putObject("pre_tokenizer").put("type", "WhitespaceSplit");
        tokenizer.putNull("post_processor");
        tokenizer.putNull("decoder");
        ObjectNode model = tokenizer.putObject("model");
        model.put("type", "WordLevel");
        ObjectNode vocab = model.putObject("vocab");
        for (int i = 0; i < vocabulary.size(); i++) {
            vocab.put(vocabulary.get(i), i);
        }
        model.put("unk_token", "<unk>");
        JSON.writeValue(dir.resolve("tokenizer.json").toFile(), tokenizer);
    }

    /** GPT-2's initial weights: N(0, std) matrices and embeddings, residual projections scaled by 1/√(2·layers). */
    static void writeInitialWeights(Path dir, ToyPretrainHParams h, int vocabulary) throws IOException {
        Random random = new Random(h.seed());
        int d = h.hidden();
        double residual = h.initStd() / Math.sqrt(2.0 * h.layers());
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> params = new LinkedHashMap<>();
            params.put("transformer.wte.weight", normal(m, random, h.initStd(), vocabulary, d));
            params.put("transformer.wpe.weight", normal(m, random, h.initStd(), h.rowLength(), d));
            for (int i = 0; i < h.layers(); i++) {
                String b = "transformer.h." + i + ".";
                params.put(b + "ln_1.weight", m.ones(new ai.djl.ndarray.types.Shape(d)));
                params.put(b + "ln_1.bias", m.zeros(new ai.djl.ndarray.types.Shape(d)));
                params.put(b + "attn.c_attn.weight", normal(m, random, h.initStd(), d, 3 * d));
                params.put(b + "attn.c_attn.bias", m.zeros(new ai.djl.ndarray.types.Shape(3 * d)));
                params.put(b + "attn.c_proj.weight", normal(m, random, residual, d, d));
                params.put(b + "attn.c_proj.bias", m.zeros(new ai.djl.ndarray.types.Shape(d)));
                params.put(b + "ln_2.weight", m.ones(new ai.djl.ndarray.types.Shape(d)));
                params.put(b + "ln_2.bias", m.zeros(new ai.djl.ndarray.types.Shape(d)));
                params.put(b + "mlp.c_fc.weight", normal(m, random, h.initStd(), d, 4 * d));
                params.put(b + "mlp.c_fc.bias", m.zeros(new ai.djl.ndarray.types.Shape(4 * d)));
                params.put(b + "mlp.c_proj.weight", normal(m, random, residual, 4 * d, d));
                params.put(b + "mlp.c_proj.bias", m.zeros(new ai.djl.ndarray.types.Shape(d)));
            }
            params.put("transformer.ln_f.weight", m.ones(new ai.djl.ndarray.types.Shape(d)));
            params.put("transformer.ln_f.bias", m.zeros(new ai.djl.ndarray.types.Shape(d)));
            Safetensors.write(dir.resolve(Checkpoints.WEIGHTS), params);
        }
    }

    private static NDArray normal(NDManager m, Random random, double std, int rows, int columns) {
        float[] values = new float[rows * columns];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (std * random.nextGaussian());
        }
        return m.create(values, new ai.djl.ndarray.types.Shape(rows, columns));
    }
}
