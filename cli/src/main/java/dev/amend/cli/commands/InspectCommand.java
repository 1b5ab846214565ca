package dev.amend.cli.commands;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.model.Architecture;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.api.model.TokenBatch;
import dev.amend.api.model.Tokenizer;
import dev.amend.cli.PluginsOption;
import dev.amend.registry.AmendRuntime;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code amend inspect}: a model's tokens, next-token logits and top-k predictions for a text. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Tokenize a text, run the model, print the top-k next tokens (or everything as JSON).")
public final class InspectCommand implements Callable<Integer> {

    @Inject
    Provider<AmendRuntime> runtime;

    @Mixin
    PluginsOption plugins;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "HuggingFace model directory.")
    Path model;

    @Option(names = "--edit", paramLabel = "DIR",
            description = "A saved edit (amend edit --save) to put in force first: weight edits and run-time edits"
                    + " (GRACE, WISE, IKE) alike.")
    Path edit;

    @Option(names = "--text", required = true, description = "Input text (encoder input for T5).")
    String text;

    @Option(names = "--decoder-text", defaultValue = "",
            description = "Encoder-decoder models: decoder text after decoder_start_token_id (default empty).")
    String decoderText;

    @Option(names = "--top-k", defaultValue = "5", description = "How many next tokens to show (default ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--json", description = "Print one JSON object: input_ids, tokens, logits (every position), top_k.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (topK <= 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--top-k must be > 0, got " + topK);
        }
        try (LanguageModel base = runtime.get().models().load(model, LoadOptions.cpu());
             AppliedEdit applied = edit == null ? null : runtime.get().edits().apply(edit, base);
             NDManager m = NDManager.newBaseManager()) {
            LanguageModel lm = applied == null ? base : applied.model();
            Tokenizer tok = lm.tokenizer();
            int[] inputIds = tok.encode(text, true);
            boolean encoderDecoder = lm.spec().architecture() == Architecture.ENCODER_DECODER;
            int[] decoderIds = encoderDecoder ? concat(lm.decoderStartId(), tok.encode(decoderText, false)) : null;
            TokenBatch batch = encoderDecoder
                    ? TokenBatch.encoderDecoder(List.of(inputIds), List.of(decoderIds))
                    : TokenBatch.of(inputIds);
            NDArray logits = lm.forward(m, batch).logits(0);
            NDArray last = logits.get(logits.getShape().get(0) - 1);
            float[] probs = last.softmax(-1).toFloatArray();
            int[] top = topIndices(probs, Math.min(topK, probs.length));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(json(tok, inputIds, decoderIds, logits, top, probs));
            } else {
                print(out, tok, inputIds, decoderIds, top, probs);
            }
            out.flush();
        }
        return 0;
    }

    private static String json(Tokenizer tok, int[] inputIds, int[] decoderIds, NDArray logits, int[] top,
                               float[] probs) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ids(root.putArray("input_ids"), inputIds);
        tokens(root.putArray("tokens"), tok, inputIds);
        if (decoderIds != null) {
            ids(root.putArray("decoder_input_ids"), decoderIds);
            tokens(root.putArray("decoder_tokens"), tok, decoderIds);
        }
        ArrayNode rows = root.putArray("logits");
        long positions = logits.getShape().get(0);
        for (long t = 0; t < positions; t++) {
            ArrayNode row = rows.addArray();
            for (float v : logits.get(t).toFloatArray()) {
                row.add(v);
            }
        }
        ArrayNode topK = root.putArray("top_k");
        for (int id : top) {
            topK.addObject().put("id", id).put("token", tok.decode(new int[] {id})).put("prob", probs[id]);
        }
        return mapper.writeValueAsString(root);
    }

    private static void print(PrintWriter out, Tokenizer tok, int[] inputIds, int[] decoderIds, int[] top,
                              float[] probs) {
        out.println("input:   " + describe(tok, inputIds));
        if (decoderIds != null) {
            out.println("decoder: " + describe(tok, decoderIds));
        }
        out.println("next token:");
        for (int id : top) {
            out.printf("  %6.2f%%  %-20s id %d%n", probs[id] * 100, quoted(tok.decode(new int[] {id})), id);
        }
    }

    private static String describe(Tokenizer tok, int[] ids) {
        StringBuilder s = new StringBuilder();
        for (int id : ids) {
            s.append(s.length() == 0 ? "" : " ").append(quoted(tok.token(id))).append('=').append(id);
        }
        return s.toString();
    }

    private static String quoted(String text) {
        return "'" + text.replace("\n", "\\n") + "'";
    }

    private static void ids(ArrayNode array, int[] ids) {
        for (int id : ids) {
            array.add(id);
        }
    }

    private static void tokens(ArrayNode array, Tokenizer tok, int[] ids) {
        for (int id : ids) {
            array.add(tok.token(id));
        }
    }

    private static int[] concat(int first, int[] rest) {
        int[] all = new int[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    /** Indices of the {@code k} largest values, largest first (ties: lower index first). */
    static int[] topIndices(float[] values, int k) {
        Integer[] order = new Integer[values.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> values[a] != values[b] ? Float.compare(values[b], values[a]) : a - b);
        return Arrays.stream(order).limit(k).mapToInt(Integer::intValue).toArray();
    }
}
