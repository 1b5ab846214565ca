package dev.amend.harness.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.amend.api.InvalidInputException;
import java.nio.file.Path;

/** The schemas Amend reads, recognised by the keys of their records. */
public enum DatasetFormat {
    /**
     * ZsRE in MEND's split: {@code subject, src, alt, answers, rephrase, loc, loc_ans}, and EasyEdit's optional
     * {@code portability: {New Question, New Answer}}.
     */
    ZSRE,
    /** ROME's CounterFact: {@code requested_rewrite{prompt, subject, target_new.str, target_true.str}, ...}. */
    COUNTERFACT,
    /** KnowEdit: {@code prompt, subject, target_new, ground_truth, rephrase, portability{...}, locality{...}}. */
    KNOWEDIT,
    /** MQuAKE: {@code requested_rewrite[...], questions, new_answer, ...}. */
    MQUAKE;

    /**
     * The format of a record.
     *
     * @throws InvalidInputException when the keys match no known schema
     */
    public static DatasetFormat of(JsonNode record, Path file) {
        if (record.has("requested_rewrite")) {
            return record.get("requested_rewrite").isArray() ? MQUAKE : COUNTERFACT;
        }
        if (record.has("src") && record.has("alt")) {
            return ZSRE;
        }
        if (record.has("prompt") && record.has("target_new")) {
            return KNOWEDIT;
        }
        throw new InvalidInputException(file + ": record 0 matches no known data set schema (keys " +
                iterable(record) + "); expected ZsRE (src, alt, ...), CounterFact (requested_rewrite{...}), KnowEdit "
                + "(prompt, target_new, ...) or MQuAKE (requested_rewrite[...], questions)");
    }

    private static String iterable(JsonNode record) {
        StringBuilder keys = new StringBuilder();
        record.fieldNames().forEachRemaining(k -> keys.append(keys.length() == 0 ? "" : ", ").append(k));
        return "[" + keys + "]";
    }
}
