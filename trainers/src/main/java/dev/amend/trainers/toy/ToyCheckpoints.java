package dev.amend.trainers.toy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The files of the toy GPT-2: HuggingFace {@code config.json}, a WordLevel {@code tokenizer.json}, safetensors weights
 * (with GPT-2's initialisation for a fresh model), and training checkpoints replaced atomically.
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
            writeTensors(dir.resolve("model.safetensors"), params);
        }
    }

    private static NDArray normal(NDManager m, Random random, double std, int rows, int columns) {
        float[] values = new float[rows * columns];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (std * random.nextGaussian());
        }
        return m.create(values, new ai.djl.ndarray.types.Shape(rows, columns));
    }

    /** Writes named arrays as safetensors (copies, so the live arrays keep their names). */
    static void writeTensors(Path file, Map<String, NDArray> arrays) throws IOException {
        try (NDManager scratch = NDManager.newBaseManager(); OutputStream out = Files.newOutputStream(file)) {
            NDList list = new NDList();
            arrays.forEach((name, array) -> {
                NDArray copy = array.duplicate();
                copy.attach(scratch);
                copy.setName(name);
                list.add(copy);
            });
            list.encode(out, NDList.Encoding.SAFETENSORS);
        }
    }

    /** Reads named arrays from safetensors into {@code manager}. */
    static Map<String, NDArray> readTensors(Path file, NDManager manager) throws IOException {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file)) {
            NDList.decode(manager, in).forEach(a -> arrays.put(a.getName(), a));
        }
        return arrays;
    }

    /** Writes the state of a checkpoint: its step, last loss and the hparams that made it. */
    static void writeState(Path dir, ToyPretrainHParams h, int step, double loss) throws IOException {
        ObjectNode state = JSON.createObjectNode().put("step", step).put("loss", loss).put("hparams", h.toString());
        JSON.writeValue(dir.resolve("state.json").toFile(), state);
    }

    /**
     * The step recorded in a checkpoint directory, after checking that the checkpoint was made with {@code h} (a run
     * resumed with other settings would silently train a different recipe).
     */
    static int step(Path checkpoint, ToyPretrainHParams h) throws IOException {
        var state = JSON.readTree(checkpoint.resolve("state.json").toFile());
        String made = state.path("hparams").asText("");
        if (!made.equals(h.toString())) {
            throw new IllegalStateException("the checkpoint in " + checkpoint + " was made with other hparams:\n  "
                    + made + "\nnow:\n  " + h + "\nrerun with the same settings, or delete it to start over");
        }
        return state.get("step").asInt();
    }

    /**
     * Writes a complete checkpoint next to {@code checkpoint} and swaps it in, so that a kill at any moment leaves either
     * the old or the new checkpoint whole.
     */
    static void save(Path checkpoint, ToyPretrainHParams h, Map<String, NDArray> params,
                     Map<String, NDArray> optimizer, int step, double loss) throws IOException {
        Path staging = checkpoint.resolveSibling(checkpoint.getFileName() + ".new");
        Path old = checkpoint.resolveSibling(checkpoint.getFileName() + ".old");
        deleteTree(staging);
        Files.createDirectories(staging);
        for (String file : List.of("config.json", "tokenizer.json")) {
            Files.copy(checkpoint.resolve(file), staging.resolve(file));
        }
        writeTensors(staging.resolve("model.safetensors"), params);
        writeTensors(staging.resolve("optimizer.safetensors"), optimizer);
        writeState(staging, h, step, loss);
        deleteTree(old);
        Files.move(checkpoint, old, StandardCopyOption.ATOMIC_MOVE);
        Files.move(staging, checkpoint, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
    }

    /** After a kill during {@link #save}'s swap only the old copy may be left: put it back. */
    static void recover(Path checkpoint) throws IOException {
        Path old = checkpoint.resolveSibling(checkpoint.getFileName() + ".old");
        if (!Files.exists(checkpoint) && Files.exists(old)) {
            Files.move(old, checkpoint, StandardCopyOption.ATOMIC_MOVE);
        }
        deleteTree(checkpoint.resolveSibling(checkpoint.getFileName() + ".new"));
    }

    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
