package dev.amend.methods.locate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.TokenBatch;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * EasyEdit's context templates: {@code "{}"} plus short texts the model itself writes from seed words (EasyEdit's
 * five unless {@code context_template_seeds} says otherwise), each followed by {@code ". {}"}. Keys and targets
 * averaged over them do not depend on one wording of what precedes the prompt. With
 * {@code context_templates_at: subject} (an Amend option) each text, without its seed word, goes right before the
 * subject instead. Sampling is top-5 as in EasyEdit's {@code generate_fast} (every text runs to its full length, past
 * an end-of-text token, which decoding skips; decoded text NFKD-normalised, blank lines made spaces), seeded, so
 * templates are reproducible (EasyEdit's draws come from torch's generator: same algorithm, other texts); they are made
 * once per loaded model, as EasyEdit caches them once per run.
 */
public final class ContextTemplates {

    /** {@code context_templates_at} values. */
    public static final String AT_PROMPT = "prompt";
    public static final String AT_SUBJECT = "subject";
    private static final int TOP_K = 5;

    private ContextTemplates() {}

    /**
     * One model's context templates, in groups: {@code ["{}"]}, then one group per length pair. Each holds {@code {}}
     * where the prompt goes, or, {@code atSubject}, where the subject goes. ROME averages over all of them; MEMIT
     * within each group, then over the groups.
     */
    public record Templates(List<List<String>> groups, boolean atSubject) {

        public Templates {
            groups = groups.stream().map(List::copyOf).toList();
        }

        /** Every template, {@code "{}"} first. */
        public List<String> flat() {
            return groups.stream().flatMap(List::stream).toList();
        }

        /** Each template applied to a prompt template (whose {@code {}} is the subject): prompt templates again. */
        public List<String> around(String promptTemplate) {
            List<String> out = new ArrayList<>();
            for (String template : flat()) {
                out.add(atSubject ? promptTemplate.replace("{}", template) : template.replace("{}", promptTemplate));
            }
            return out;
        }
    }

    /**
     * The templates that {@code h} asks for: per length pair {@code [max_out_len, n_gen]}, {@code n_gen / seeds} texts
     * from each seed word, each at most {@code max_out_len} tokens long with the seed. An empty list of pairs gives
     * {@code ["{}"]} only.
     */
    public static Templates of(LanguageModel model, ContextHParams h, long seed) {
        return model.cache().get(key(h, seed), Templates.class,
                () -> sampleTemplates(model, h, seeds(h), atSubject(h), seed));
    }

    /**
     * Makes {@code templates} the ones {@link #of} gives for {@code h} and {@code seed} on this loaded model from now
     * on, as EasyEdit's cache holds whatever templates were made first: to reproduce a run whose templates were
     * recorded, or to test an algorithm given its templates (the method goldens).
     *
     * @throws IllegalStateException when templates for these settings were made already and differ
     */
    public static void use(LanguageModel model, ContextHParams h, long seed, Templates templates) {
        Templates held = model.cache().get(key(h, seed), Templates.class, () -> templates);
        if (!held.equals(templates)) {
            throw new IllegalStateException("context templates for these settings were made already: " + held);
        }
    }

    private static String key(ContextHParams h, long seed) {
        return "context-templates|" + h.contextTemplateLengthParams() + "@" + seed + "@" + seeds(h) + "@"
                + atSubject(h);
    }

    private static Templates sampleTemplates(LanguageModel model, ContextHParams h, List<String> seeds,
                                             boolean atSubject, long seed) {
        List<List<String>> groups = new ArrayList<>();
        groups.add(List.of("{}"));
        Random random = new Random(seed);
        for (List<Integer> pair : h.contextTemplateLengthParams()) {
            List<String> group = new ArrayList<>();
            for (String[] text : sample(model, seeds, pair.get(0), pair.get(1) / seeds.size(), random)) {
                String clean = text[1].replace("{", "").replace("}", "");
                String rest = clean.startsWith(text[0]) ? clean.substring(text[0].length()).strip() : clean.strip();
                if (!atSubject) {
                    group.add(clean + ". {}");
                } else if (!rest.isEmpty()) {
                    group.add(rest + " {}");
                }
            }
            if (!group.isEmpty()) {
                groups.add(group);
            }
        }
        return new Templates(groups, atSubject);
    }

    /** The seed words {@code h} names (EasyEdit's five when it names none). */
    private static List<String> seeds(ContextHParams h) {
        return h.contextTemplateSeeds() == null ? List.of("The", "Therefore", "Because", "I", "You")   // EasyEdit's
                : h.contextTemplateSeeds();
    }

    private static boolean atSubject(ContextHParams h) {
        return AT_SUBJECT.equals(h.contextTemplatesAt());
    }

    /**
     * {@code perSeed} top-k samples from each seed word, each at most {@code maxLength} tokens long, as
     * {@code [seed word, decoded text]}.
     */
    private static List<String[]> sample(LanguageModel model, List<String> seeds, int maxLength, int perSeed,
                                         Random random) {
        List<int[]> rows = new ArrayList<>();
        List<String> rowSeeds = new ArrayList<>();
        for (String seedWord : seeds) {
            int[] ids = model.tokenizer().encode(seedWord, true);
            for (int i = 0; i < perSeed; i++) {
                rows.add(ids);
                rowSeeds.add(seedWord);
            }
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        while (true) {   // as generate_fast: no stop at the end-of-text token, which decoding then skips
            List<Integer> open = new ArrayList<>();
            for (int r = 0; r < rows.size(); r++) {
                if (rows.get(r).length < maxLength) {
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
                }
            }
        }
        List<String[]> texts = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            String text = Normalizer.normalize(model.tokenizer().decode(rows.get(r)), Normalizer.Form.NFKD);
            texts.add(new String[] {rowSeeds.get(r), text.replace("\n\n", " ")});
        }
        return texts;
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
