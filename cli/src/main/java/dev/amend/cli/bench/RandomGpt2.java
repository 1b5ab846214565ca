package dev.amend.cli.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Random GPT-2-shaped checkpoints in HF layout, for benchmarks and for tests that need a real checkpoint of a given
 * shape (weights N(0, 0.02), hub-style names).
 */
public final class RandomGpt2 {

    /** A tokenizer that knows two words: enough for benchmarks that feed token ids. */
    static final String TWO_WORD_TOKENIZER = """
            {"version": "1.0", "truncation": null, "padding": null, "added_tokens": [], "normalizer": null,
             "pre_tokenizer": {"type": "Whitespace"}, "post_processor": null, "decoder": null,
             "model": {"type": "WordLevel", "vocab": {"<unk>": 0, "hello": 1}, "unk_token": "<unk>"}}
            """;

    private RandomGpt2() {}

    /** Writes config.json, tokenizer.json and model.safetensors into {@code dir}; returns the parameter count. */
    public static long write(Path dir, int layers, int hidden, int heads, int vocab, int positions, String tokenizerJson)
            throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = json.createObjectNode();
        config.put("model_type", "gpt2").put("vocab_size", vocab).put("n_positions", positions)
                .put("n_embd", hidden).put("n_layer", layers).put("n_head", heads)
                .put("activation_function", "gelu_new").put("layer_norm_epsilon", 1e-5);
        json.writeValue(dir.resolve("config.json").toFile(), config);
        Files.writeString(dir.resolve("tokenizer.json"), tokenizerJson);
        long count = 0;
        try (NDManager m = NDManager.newBaseManager(); OutputStream file = Files.newOutputStream(dir.resolve(
                "model.safetensors"))) {
            NDList tensors = new NDList();
            count += add(m, tensors, "wte.weight", vocab, hidden);
            count += add(m, tensors, "wpe.weight", positions, hidden);
            for (int i = 0; i < layers; i++) {
                String h = "h." + i + ".";
                count += add(m, tensors, h + "ln_1.weight", hidden) + add(m, tensors, h + "ln_1.bias", hidden);
                count += add(m, tensors, h + "attn.c_attn.weight", hidden, 3 * hidden)
                        + add(m, tensors, h + "attn.c_attn.bias", 3 * hidden);
                count += add(m, tensors, h + "attn.c_proj.weight", hidden, hidden)
                        + add(m, tensors, h + "attn.c_proj.bias", hidden);
                count += add(m, tensors, h + "ln_2.weight", hidden) + add(m, tensors, h + "ln_2.bias", hidden);
                count += add(m, tensors, h + "mlp.c_fc.weight", hidden, 4 * hidden)
                        + add(m, tensors, h + "mlp.c_fc.bias", 4 * hidden);
                count += add(m, tensors, h + "mlp.c_proj.weight", 4 * hidden, hidden)
                        + add(m, tensors, h + "mlp.c_proj.bias", hidden);
            }
            count += add(m, tensors, "ln_f.weight", hidden) + add(m, tensors, "ln_f.bias", hidden);
            tensors.encode(file, NDList.Encoding.SAFETENSORS);
        }
        return count;
    }

    private static long add(NDManager m, NDList tensors, String name, long... shape) {
        NDArray a = m.randomNormal(0, 0.02f, new Shape(shape), DataType.FLOAT32);
        a.setName(name);
        tensors.add(a);
        return a.size();
    }
}
