package dev.amend.metrics;

import dev.amend.api.InvalidInputException;
import dev.amend.api.edit.Probe;
import dev.amend.api.model.Architecture;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A probe scored the way EasyEdit scores GRACE ({@code evaluate_utils.py test_prediction_acc} with
 * {@code vanilla_generation=True}): the answer tokenized on its own, without a leading space or special tokens
 * ({@code tok.encode(target, add_special_tokens=False)}, k ids); the prompt with its special tokens; k greedy tokens
 * (fewer where the end-of-sequence token comes first, as HF's {@code generate} stops); the last k ids of prompt +
 * continuation (decoder-only; the continuation's for encoder-decoder models) compared with the answer's.
 *
 * @param target the answer's ids
 * @param tail   the last ids of prompt + continuation, at most {@code target.length} of them
 */
record GeneratedTails(int[] target, int[] tail) {

    /**
     * Fraction of the answer's ids matched position by position (EasyEdit: {@code mean(equal(target, tail))}). A tail
     * shorter than the answer (a prompt shorter than the answer whose continuation stopped at EOS, where EasyEdit's
     * {@code np.equal} fails) counts its missing positions as misses.
     */
    double accuracy() {
        return agreement(target, tail, target.length);
    }

    /** Fraction of the answer's positions where this tail and {@code other}'s agree (EasyEdit's GRACE locality). */
    double agreement(GeneratedTails other) {
        return agreement(tail, other.tail, target.length);
    }

    private static double agreement(int[] a, int[] b, int length) {
        int same = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            same += a[i] == b[i] ? 1 : 0;
        }
        return (double) same / length;
    }

    /** Each probe's tails, in order; probes whose answers have as many ids share one batched generation. */
    static List<GeneratedTails> of(LanguageModel model, List<Probe> probes) {
        Tokenizer tok = model.tokenizer();
        boolean decoderOnly = model.spec().architecture() != Architecture.ENCODER_DECODER;
        List<int[]> targets = new ArrayList<>();
        Map<Integer, List<Integer>> byLength = new LinkedHashMap<>();
        for (int i = 0; i < probes.size(); i++) {
            int[] target = tok.encode(probes.get(i).answer(), false);
            if (target.length == 0) {
                throw new InvalidInputException("answer '" + probes.get(i).answer() + "' has no token");
            }
            targets.add(target);
            byLength.computeIfAbsent(target.length, k -> new ArrayList<>()).add(i);
        }
        GeneratedTails[] out = new GeneratedTails[probes.size()];
        byLength.forEach((k, rows) -> {
            List<int[]> prompts = rows.stream().map(i -> tok.encode(probes.get(i).prompt(), true)).toList();
            List<int[]> continuations = model.generate(prompts, k);
            for (int r = 0; r < rows.size(); r++) {
                int[] prompt = decoderOnly ? prompts.get(r) : new int[0];
                int[] continuation = continuations.get(r);
                int[] all = Arrays.copyOf(prompt, prompt.length + continuation.length);
                System.arraycopy(continuation, 0, all, prompt.length, continuation.length);
                out[rows.get(r)] = new GeneratedTails(targets.get(rows.get(r)),
                        Arrays.copyOfRange(all, Math.max(0, all.length - k), all.length));
            }
        });
        return List.of(out);
    }
}
