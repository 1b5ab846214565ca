package dev.amend.methods.locate;

import dev.amend.api.InvalidInputException;
import dev.amend.api.model.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Which token of a prompt an edit reads its key at and writes its value to: EasyEdit's {@code fact_token}. Indices
 * count the tokens of the text as the model reads it (special tokens included).
 */
public enum FactToken {
    /** The subject's last token (ROME's and MEMIT's default). */
    SUBJECT_LAST("subject_last"),
    /** The subject's first token. */
    SUBJECT_FIRST("subject_first"),
    /** The first token after the subject (its last token when nothing follows it). */
    SUBJECT_FIRST_AFTER_LAST("subject_first_after_last"),
    /** The prompt's last token. */
    LAST("last");

    /** Where boundary warnings go: the edit's log (stderr of {@code amend edit}, the harness's log). */

    private final String key;

    FactToken(String key) {
        this.key = key;
    }

    /** The hparams value, such as {@code subject_last}. */
    public String key() {
        return key;
    }

    /**
     * The strategy named {@code value}.
     *
     * @throws IllegalArgumentException listing the valid values
     */
    public static FactToken parse(String value) {
        for (FactToken t : values()) {
            if (t.key.equals(value == null ? null : value.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("fact_token must be one of "
                + Arrays.stream(values()).map(FactToken::key).toList() + ", got " + value);
    }

    /**
     * The index of the fact token in {@code template} (one {@code {}}) filled with {@code subject}, exactly as EasyEdit
     * computes it; a subject whose boundary is not a token boundary is logged (see {@link #locate}).
     *
     * @throws InvalidInputException when the template has no or several {@code {}}, or the index falls outside the text
     */
    public int index(Tokenizer tokenizer, String template, String subject) {
        Location location = locate(tokenizer, template, subject);
        location.warning().ifPresent(w -> System.getLogger(FactToken.class.getName())
                .log(System.Logger.Level.WARNING, w));
        return location.index();
    }

    /**
     * Where the fact token of {@code template} filled with {@code subject} is, as EasyEdit's
     * {@code rome/repr_tools.py get_words_idxs_in_templates} (through {@code compute_v.py find_fact_lookup_idx})
     * computes it: from the token counts of the prefix, prefix + subject and the whole text, each tokenized on its own
     * with the special tokens ({@code tok.encode}). {@code subject_last} is prefix + subject's count minus one,
     * {@code subject_first_after_last} that count (its last token when nothing follows), {@code subject_first}
     * EasyEdit's {@code prefix_len - input_len} counted from the end of the text (given here from its start),
     * {@code last} the text's count minus one. The prefix keeps its trailing space, as EasyEdit's current code does
     * (ROME's original moved it to the subject's front): on byte-level BPE and SentencePiece tokenizers a prefix
     * ending in a space has a lone space token of its own, so {@code subject_first} then lands one token after the
     * subject's first; {@code subject_last} is unaffected.
     *
     * <p>Counts are all EasyEdit uses, so where BPE merges across the subject's boundary ("{}s are red" with "Apple"
     * reads "App"; Qwen's "北京是{}的首都" with "中国" reads the merged "是中国") the fact token is not the subject's own
     * token; the result then carries a warning naming the boundary and the token read.
     *
     * @throws InvalidInputException when the template has no or several {@code {}}, or the index falls outside the text
     */
    public Location locate(Tokenizer tokenizer, String template, String subject) {
        int slot = template.indexOf("{}");
        if (slot < 0 || template.indexOf("{}", slot + 2) >= 0) {
            throw new InvalidInputException("prompt template '" + template + "' must hold exactly one {} for the subject");
        }
        String prefix = template.substring(0, slot);
        String suffix = template.substring(slot + 2);
        int[] p = tokenizer.encode(prefix, true);
        int[] s = tokenizer.encode(prefix + subject, true);
        int[] all = tokenizer.encode(prefix + subject + suffix, true);
        int index = switch (this) {
            case SUBJECT_LAST -> s.length - 1;
            // EasyEdit's prefix_len - input_len, a negative index; 0 (no token after the prefix) reads the first token
            case SUBJECT_FIRST -> p.length < all.length ? p.length : p.length - all.length;
            case SUBJECT_FIRST_AFTER_LAST -> all.length > s.length ? s.length : s.length - 1;
            case LAST -> all.length - 1;
        };
        if (index < 0 || index >= all.length) {
            throw new InvalidInputException("fact token " + key + " of subject '" + subject + "' in '" + template
                    + "' is at " + index + ", outside its " + all.length + " tokens");
        }
        String warning = this == LAST ? null : boundaryWarning(tokenizer, template, subject, p, s, all, index);
        return new Location(index, warning);
    }

    /** The warning for a subject whose start or end is not a token boundary, or null. */
    private String boundaryWarning(Tokenizer tok, String template, String subject, int[] p, int[] s, int[] all,
                                   int index) {
        boolean startClean = startsWith(s, p);
        boolean spaceFused = !startClean && p.length > 0 && template.substring(0, template.indexOf("{}")).endsWith(" ")
                && startsWith(s, Arrays.copyOf(p, p.length - 1));
        boolean endClean = startsWith(all, s);
        List<String> problems = new ArrayList<>();
        if (!startClean && !spaceFused) {
            problems.add("its start merges with the text before it");
        }
        if (spaceFused && this == SUBJECT_FIRST) {
            problems.add("the prefix's trailing space is a token of its own in the prefix alone, so the index skips "
                    + "the subject's first token");
        }
        if (!endClean) {
            problems.add("its end merges with the text after it");
        }
        if (this == SUBJECT_FIRST && p.length >= all.length) {
            problems.add("nothing follows the prefix's tokens, and EasyEdit's negative index " + (p.length - all.length)
                    + " reads the text's first token");
        }
        if (problems.isEmpty()) {
            return null;
        }
        return "subject '" + subject + "' in '" + template + "': " + String.join("; ", problems) + " (not a token "
                + "boundary); fact token " + key + " reads token " + index + " '" + tok.token(all[index])
                + "', as EasyEdit's get_words_idxs_in_templates computes";
    }

    private static boolean startsWith(int[] ids, int[] prefix) {
        return ids.length >= prefix.length && Arrays.equals(Arrays.copyOf(ids, prefix.length), prefix);
    }

    /**
     * A fact token's position.
     *
     * @param index the token's index in the text as the model reads it (special tokens included)
     * @param boundaryWarning why the subject's boundary is not a token boundary and which token is read, or null
     */
    public record Location(int index, String boundaryWarning) {

        /** {@return the boundary warning, when there is one} */
        public java.util.Optional<String> warning() {
            return java.util.Optional.ofNullable(boundaryWarning);
        }
    }
}
