package dev.amend.methods.locate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.TokenBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.WeakHashMap;

/**
 * EasyEdit's context templates: {@code "{}"} plus short texts the model itself writes from five seed words, each
 * followed by {@code ". {}"}. Keys and targets averaged over them do not depend on one wording of what precedes the
 * prompt. Sampling is top-5 as in EasyEdit's {@code generate_fast}, seeded, so templates are reproducible; they are
 * made once per loaded model, as EasyEdit caches them once per run.
 */
public final class ContextTemplates {

    /** EasyEdit's seed words. */
    public static final List<String> SEEDS = List.of("The", "Therefore", "Because", "I", "You");
    private static final int TOP_K = 5;

    private static final Map<LanguageModel, Map<String, List<List<String>>>> CACHE = new WeakHashMap<>();

    private ContextTemplates() {}

    /**
     * The templates for {@code lengthParams} ({@code [[max_out_len, n_gen], ...]}: per pair, {@code n_gen / 5} texts
     * from each seed word, each at most {@code max_out_len} tokens long with the seed), flat: {@code "{}"} first. An
     * empty list gives {@code ["{}"]} only. ROME averages over this list.
     */
    public static List<String> of(LanguageModel model, List<List<Integer>> lengthParams, long seed) {
        return groups(model, lengthParams, seed).stream().flatMap(List::stream).toList();
    }

    /**
     * The same templates in groups: {@code ["{}"]}, then one group per length pair. MEMIT averages keys within each
     * group, then over the groups.
     */
    public static List<List<String>> groups(LanguageModel model, List<List<Integer>> lengthParams, long seed) {
        String key = lengthParams + "@" + seed;
        synchronized (CACHE) {
            List<List<String>> cached = CACHE.computeIfAbsent(model, m -> new HashMap<>()).get(key);
            if (cached != null) {
                return cached;
            }
        }
        List<List<String>> groups = new ArrayList<>();
        groups.add(List.of("{}"));
        Random random = new Random(seed);
        for (List<Integer> pair : lengthParams) {
            if (pair.size() != 2 || pair.get(0) <= 0 || pair.get(1) < 0) {
                throw new IllegalArgumentException("context_template_length_params entries must be [max_out_len, n_gen] "
                        + "with max_out_len > 0, got " + pair);
            }
            List<String> group = new ArrayList<>();
            for (String text : sample(model, pair.get(0), pair.get(1) / SEEDS.size(), random)) {
                group.add(text.replace("{", "").replace("}", "") + ". {}");
            }
            if (!group.isEmpty()) {
                groups.add(List.copyOf(group));
            }
        }
        List<List<String>> result = List.copyOf(groups);
        synchronized (CACHE) {
            CACHE.get(model).put(key, result);
        }
        return result;
    }

    /** {@code perSeed} top-k samples from each seed word, each at most {@code maxLength} tokens long. */
    private static List<String> sample(LanguageModel model, int maxLength, int perSeed, Random random) {
        List<int[]> rows = new ArrayList<>();
        for (String seedWord : SEEDS) {
            int[] ids = model.tokenizer().encode(seedWord, true);
            for (int i = 0; i < perSeed; i++) {
                rows.add(ids);
            }
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        int eos = model.tokenizer().eosId().orElse(-1);
        boolean[] done = new boolean[rows.size()];
        while (true) {
            List<Integer> open = new ArrayList<>();
            for (int r = 0; r < rows.size(); r++) {
                if (!done[r] && rows.get(r).length < maxLength) {
                    open.add(r);
                }
            }
            if (open.isEmpty()) {
                break;
            }
            try (NDManager m = NDManager.newBaseManager(model.spec().device())) {
                NDArray last = model.forward(m, TokenBatch.of(open.stream().map(rows::get).toList())).logits()
                        .get(new NDIndex(":, -1, :"));
                for (int i = 0; i < open.size(); i++) {
                    int r = open.get(i);
                    int next = topK(last.get(i).toFloatArray(), random);
                    int[] grown = Arrays.copyOf(rows.get(r), rows.get(r).length + 1);
                    grown[grown.length - 1] = next;
                    rows.set(r, grown);
                    done[r] = next == eos;
                }
            }
        }
        return rows.stream().map(ids -> model.tokenizer().decode(ids).replace("\n\n", " ")).toList();
    }

    /** Samples from the softmax of the {@link #TOP_K} largest logits. */
    private static int topK(float[] logits, Random random) {
        Integer[] order = new Integer[logits.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(logits[b], logits[a]));
        int k = Math.min(TOP_K, logits.length);
        double[] weights = new double[k];
        double total = 0;
        for (int i = 0; i < k; i++) {
            weights[i] = Math.exp(logits[order[i]] - logits[order[0]]);
            total += weights[i];
        }
        double u = random.nextDouble() * total;
        for (int i = 0; i < k; i++) {
            u -= weights[i];
            if (u <= 0) {
                return order[i];
            }
        }
        return order[k - 1];
    }
}
