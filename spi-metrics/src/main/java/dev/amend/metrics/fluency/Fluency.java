package dev.amend.metrics.fluency;

import dev.amend.api.edit.EditRequest;
import dev.amend.api.metric.Metric;
import dev.amend.api.model.Architecture;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Fluency as EasyEdit's {@code test_generation_quality} measures it: the model continues each edit prompt, and the
 * prompt with its continuation gets ROME's n-gram entropy ({@link NGramEntropy}). Decoding is greedy here (EasyEdit
 * samples from the top 5), so scores are reproducible.
 */
final class Fluency implements Metric<Void> {

    /** Prompts per generation call. */
    private static final int CHUNK = 32;

    private final int maxOutLen;

    /** @param maxOutLen the length of prompt plus continuation, in tokens, as EasyEdit's {@code max_out_len} */
    Fluency(int maxOutLen) {
        this.maxOutLen = maxOutLen;
    }

    @Override
    public String semantics() {
        return "fluency: weighted bi/tri-gram entropy in bits (ROME's n_gram_entropy: mean of 2/3·H2 and 4/3·H3) of "
                + "the edit prompt and its greedy continuation to " + maxOutLen + " tokens in all (or the model's context), per "
                + "request (reports show it × 100, as ROME's and EasyEdit's tables); EasyEdit samples from the top 5 where this "
                + "decodes greedily";
    }

    /** {@return nulls: the score needs nothing of the unedited model} */
    @Override
    public List<Void> observe(LanguageModel base, List<EditRequest> requests) {
        return Collections.nCopies(requests.size(), null);
    }

    @Override
    public List<Map<String, Double>> score(LanguageModel edited, List<EditRequest> requests, List<Void> observations) {
        List<Map<String, Double>> scores = new ArrayList<>();
        for (int from = 0; from < requests.size(); from += CHUNK) {
            for (String text : generate(edited, requests.subList(from, Math.min(requests.size(), from + CHUNK)))) {
                scores.add(Map.of("fluency", NGramEntropy.of(text)));
            }
        }
        return scores;
    }

    /** Each prompt with its greedy continuation, as text. */
    private List<String> generate(LanguageModel model, List<EditRequest> requests) {
        Tokenizer tok = model.tokenizer();
        List<int[]> prompts = tok.encodeAll(requests.stream().map(EditRequest::filledPrompt).toList(), true);
        int longest = prompts.stream().mapToInt(p -> p.length).max().orElse(0);
        boolean decoderOnly = model.spec().architecture() != Architecture.ENCODER_DECODER;
        int room = decoderOnly ? Math.min(maxOutLen, model.spec().maxPositions()) - longest : maxOutLen;
        List<int[]> continuations = model.generate(prompts, Math.max(0, room));
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            int[] continuation = continuations.get(i);
            if (decoderOnly) {   // the whole sequence decoded at once, as EasyEdit does
                int[] all = Arrays.copyOf(prompts.get(i), prompts.get(i).length + continuation.length);
                System.arraycopy(continuation, 0, all, prompts.get(i).length, continuation.length);
                texts.add(tok.decode(all));
            } else {
                texts.add(requests.get(i).filledPrompt() + " " + tok.decode(continuation));
            }
        }
        return texts;
    }
}
