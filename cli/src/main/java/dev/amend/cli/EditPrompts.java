package dev.amend.cli;

import dev.amend.api.edit.EditRequest;
import dev.amend.api.model.LanguageModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The prompts worth showing for an edit and a model's greedy answers to them: what {@code edit}, {@code quickstart},
 * the online demo and its load check compare before and after an edit.
 */
public final class EditPrompts {

    /** Tokens generated per answer. */
    public static final int NEW_TOKENS = 8;

    private EditPrompts() {}

    /**
     * The edit prompt, its rephrasings, its locality and portability probes, each with what it is (in order, each
     * prompt once).
     */
    public static Map<String, String> prompts(EditRequest request) {
        Map<String, String> prompts = new LinkedHashMap<>();
        prompts.put(request.filledPrompt(), "edit prompt");
        request.rephrasePrompts().forEach(p -> prompts.putIfAbsent(p, "rephrase (generalization)"));
        request.localityProbes().forEach((group, probes) -> probes.forEach(
                p -> prompts.putIfAbsent(p.prompt(), "locality: " + group)));
        request.portabilityProbes().forEach((group, probes) -> probes.forEach(
                p -> prompts.putIfAbsent(p.prompt(), "portability: " + group)));
        return prompts;
    }

    /** Greedy continuations of {@code prompts}, in order, {@value #NEW_TOKENS} tokens each. */
    public static List<String> generate(LanguageModel model, List<String> prompts) {
        List<int[]> ids = model.tokenizer().encodeAll(prompts, true);
        List<String> out = new ArrayList<>();
        for (int[] generated : model.generate(ids, NEW_TOKENS)) {
            out.add(model.tokenizer().decode(generated).strip());
        }
        return out;
    }
}
