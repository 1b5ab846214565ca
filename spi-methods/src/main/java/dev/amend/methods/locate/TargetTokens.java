package dev.amend.methods.locate;

import dev.amend.api.InvalidInputException;
import dev.amend.api.model.Tokenizer;
import java.util.Arrays;

/**
 * The tokens of the target-value loss (ROME's {@code compute_v}, MEMIT's and AlphaEdit's {@code compute_z}), derived
 * as EasyEdit does and in this one place: the target, with a space before it ({@code execute_rome}), is tokenized on its
 * own without special tokens; each rewriting prompt is the prompt followed by the decoded target minus its last
 * token, tokenized whole with the model's special tokens; the target ids are the labels of the text's last positions
 * (EasyEdit's {@code rewriting_targets[i, ex_len - len(target_ids) : ex_len]}, scored on the outputs there). On byte-level BPE (GPT-2) this is the
 * same as tokenizing {@code prompt + " " + target}; on SentencePiece tokenizers the target tokenized alone may begin
 * with a lone "▁", which EasyEdit keeps.
 */
public final class TargetTokens {

    private TargetTokens() {}

    /**
     * One rewriting prompt laid out for the loss.
     *
     * @param template the prompt template ({@code {}} = subject) followed by the decoded target prefix: the text whose
     *                 subject tokens EasyEdit's {@code find_fact_lookup_idx} counts
     * @param input    the ids the model reads
     * @param target   the target ids: the outputs at positions {@code input.length - target.length ..
     *                 input.length - 1} are scored on them, in order
     */
    public record Rewriting(String template, int[] input, int[] target) {

        /** {@return the position whose output predicts the target's first token} */
        public int firstPrediction() {
            return input.length - target.length;
        }
    }

    /**
     * EasyEdit's {@code execute_rome}: a space before the target, unless the target is a single space (a target that
     * already begins with a space gets a second one, as there).
     */
    public static String spaced(String target) {
        return " ".equals(target) ? target : " " + target;
    }

    /** EasyEdit's {@code memit_main} (and AlphaEdit's): a space before the target unless it begins with one. */
    public static String spacedUnlessLeading(String target) {
        return target.startsWith(" ") ? target : " " + target;
    }

    /** {@return the ids of the target as ROME spaces it: {@code encoded(tokenizer, spaced(target))}} */
    public static int[] ids(Tokenizer tokenizer, String target) {
        return encoded(tokenizer, spaced(target));
    }

    /**
     * The ids of an already spaced target: EasyEdit's {@code tok.encode(target_new, add_special_tokens=False)}.
     *
     * @throws InvalidInputException when the target has no token
     */
    public static int[] encoded(Tokenizer tokenizer, String spacedTarget) {
        int[] ids = tokenizer.encode(spacedTarget, false);
        if (ids.length == 0) {
            throw new InvalidInputException("target '" + spacedTarget + "' has no token");
        }
        return ids;
    }

    /**
     * One rewriting prompt: {@code promptTemplate} (already inside its context template) followed by
     * {@code decode(targetIds[:-1])}, filled with {@code subject} and tokenized with special tokens.
     *
     * @throws InvalidInputException when the text has fewer tokens than the target
     */
    public static Rewriting rewriting(Tokenizer tokenizer, String promptTemplate, String subject, int[] targetIds) {
        String template = promptTemplate + tokenizer.decode(Arrays.copyOf(targetIds, targetIds.length - 1));
        int[] input = tokenizer.encode(PromptTemplates.fill(template, subject), true);
        if (input.length < targetIds.length) {
            throw new InvalidInputException("prompt '" + promptTemplate + "' with the target's tokens is only "
                    + input.length + " tokens long, fewer than the target's");
        }
        return new Rewriting(template, input, targetIds);
    }
}
