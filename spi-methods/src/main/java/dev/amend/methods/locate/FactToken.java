package dev.amend.methods.locate;

import dev.amend.api.InvalidInputException;
import dev.amend.api.model.Tokenizer;
import java.util.Arrays;
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
     * The index of the fact token in {@code template} (one {@code {}}) filled with {@code subject}, counted as in
     * EasyEdit: from the lengths of the tokenized prefix, prefix + subject and the whole text. As EasyEdit does, a
     * space that ends the prefix moves to the subject's front: byte-level BPE tokenizers (GPT-2, GPT-J) make a lone
     * trailing space a token of its own, which the full text does not have.
     *
     * @throws InvalidInputException when the template has no or several {@code {}}
     */
    public int index(Tokenizer tokenizer, String template, String subject) {
        int slot = template.indexOf("{}");
        if (slot < 0 || template.indexOf("{}", slot + 2) >= 0) {
            throw new InvalidInputException("prompt template '" + template + "' must hold exactly one {} for the subject");
        }
        String prefix = template.substring(0, slot);
        String suffix = template.substring(slot + 2);
        if (prefix.endsWith(" ")) {
            prefix = prefix.substring(0, prefix.length() - 1);
            subject = " " + subject.strip();
        }
        int prefixLength = tokenizer.encode(prefix, true).length;
        int withSubject = tokenizer.encode(prefix + subject, true).length;
        int all = tokenizer.encode(prefix + subject + suffix, true).length;
        if (withSubject <= prefixLength) {
            throw new InvalidInputException("subject '" + subject + "' adds no token to prompt '" + template + "'");
        }
        return switch (this) {
            case SUBJECT_LAST -> withSubject - 1;
            case SUBJECT_FIRST -> prefixLength;
            case SUBJECT_FIRST_AFTER_LAST -> all > withSubject ? withSubject : withSubject - 1;
            case LAST -> all - 1;
        };
    }
}
