package dev.amend.toolkit.model;

import dev.amend.api.InvalidInputException;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.Probe;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.ModelSpec;
import dev.amend.api.model.Tokenizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Inputs longer than a model's positions are bad input, refused before any computation: adapters check every row they
 * are given ({@link #check}), and front ends check edit requests up front ({@link #checkRequests}) so that the message
 * also names the request. Messages name the text (abbreviated), its length in tokens and the model's limit.
 */
public final class InputLength {

    /** Characters of a text shown in messages. */
    private static final int SHOWN = 60;

    private InputLength() {}

    /**
     * Refuses token ids longer than the model's positions, naming the text they encode.
     *
     * @param spec the model's description (its {@link ModelSpec#maxPositions()})
     * @param tokenizer to show the start of the text
     * @param ids one row of input
     * @throws InvalidInputException when {@code ids} has more than {@code spec.maxPositions()} tokens
     */
    public static void check(ModelSpec spec, Tokenizer tokenizer, int[] ids) {
        if (ids.length > spec.maxPositions()) {
            String start = tokenizer.decode(Arrays.copyOf(ids, Math.min(ids.length, SHOWN)));
            throw new InvalidInputException("input " + quote(start, true) + " " + tooLong(spec, ids.length));
        }
    }

    /**
     * Refuses the first request with a text that does not fit the model (the prompt, each rephrasing and probe, each
     * followed by its answer, as methods and metrics feed them), naming the request and the field.
     *
     * @param model the model the requests will edit
     * @param requests in file order
     * @param source the file they come from, or null when they come from the command line
     * @throws InvalidInputException naming the file, the request (0-based), the field and the lengths
     */
    public static void checkRequests(LanguageModel model, List<EditRequest> requests, Path source) {
        for (int i = 0; i < requests.size(); i++) {
            for (Map.Entry<String, String> text : texts(requests.get(i)).entrySet()) {
                int tokens = model.tokenizer().encode(text.getValue(), true).length;
                if (tokens > model.spec().maxPositions()) {
                    throw new InvalidInputException((source == null ? "" : source + ": request " + i
                            + " (0-based, in file order): ") + text.getKey() + " " + quote(text.getValue(), false)
                            + " (" + text.getValue().length() + " characters, with its answer) "
                            + tooLong(model.spec(), tokens));
                }
            }
        }
    }

    /** Field → text with its answer, as the model sees it. */
    private static Map<String, String> texts(EditRequest r) {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("prompt", r.filledPrompt() + " " + r.targetNew());
        for (int i = 0; i < r.rephrasePrompts().size(); i++) {
            texts.put("rephrase_prompts[" + i + "]", r.rephrasePrompts().get(i) + " " + r.targetNew());
        }
        probes("locality", r.localityProbes(), texts);
        probes("portability", r.portabilityProbes(), texts);
        return texts;
    }

    private static void probes(String field, Map<String, List<Probe>> groups, Map<String, String> texts) {
        groups.forEach((group, probes) -> {
            for (int i = 0; i < probes.size(); i++) {
                texts.put(field + "." + group + "[" + i + "]", probes.get(i).prompt() + " " + probes.get(i).answer());
            }
        });
    }

    private static String tooLong(ModelSpec spec, int tokens) {
        return "is " + tokens + " tokens long; " + spec.modelType() + " takes at most " + spec.maxPositions()
                + " tokens";
    }

    private static String quote(String text, boolean cut) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return "\"" + (cut || flat.length() > SHOWN ? flat.substring(0, Math.min(flat.length(), SHOWN)) + "…" : flat)
                + "\"";
    }
}
