package dev.amend.methods.wise;

import dev.amend.api.model.LanguageModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The context templates as EasyEdit's WISE makes them (wise/utils.py get_context_templates, called by
 * wise_main.apply_wise_to_model with length_params [[5, 5], [10, 5]]): the seeds ("I", "You", "Because", "Yes",
 * "Q: ") are tokenized with the model's special tokens and continued greedily (num_beams and num_return_sequences
 * n_gen // 5, which is 1) by {@code length} new tokens; each decoded text, special tokens skipped, followed by a
 * space, is a template, after the bare prompt {@code "{}"}. ROME's templates differ: sampled, a length that counts
 * the seed, ". " before the prompt.
 */
final class WiseContextTemplates {

    /** {@return EasyEdit's WISE seeds} (a method, as methods keep no collections in static fields) */
    static List<String> easyEditSeeds() {
        return List.of("I", "You", "Because", "Yes", "Q: ");
    }

    private WiseContextTemplates() {}

    /**
     * {@return {@code "{}"} then one template per seed and length, for {@code lengthParams} [[length, n_gen], ...]}
     *
     * @param seeds the seeds (null: EasyEdit's five)
     * @throws IllegalArgumentException when n_gen // seeds is not 1 (EasyEdit would search beams, not offered)
     */
    static List<String> of(LanguageModel model, List<List<Integer>> lengthParams, List<String> seeds) {
        List<String> words = seeds == null ? easyEditSeeds() : seeds;
        List<int[]> prompts = words.stream().map(s -> model.tokenizer().encode(s, true)).toList();
        List<String> templates = new ArrayList<>(List.of("{}"));
        for (List<Integer> params : lengthParams) {
            int length = params.get(0);
            if (params.get(1) / 5 != 1) {
                throw new IllegalArgumentException("context_template_length_params " + params + ": EasyEdit's WISE"
                        + " returns n_gen // 5 beams per seed; only one (greedy) is offered");
            }
            List<int[]> generated = model.generate(prompts, length);
            for (int i = 0; i < prompts.size(); i++) {
                int[] prompt = prompts.get(i);
                templates.add(model.tokenizer().decode(concat(prompt, generated.get(i))) + " {}");   // specials skipped
            }
        }
        return List.copyOf(templates);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
