package dev.amend.methods.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amend.api.InvalidInputException;
import dev.amend.api.model.LanguageModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The records of a ZsRE-format training split ({@code zsre_mend_train.json}: {@code subject}, {@code src}, {@code alt},
 * {@code rephrase}, {@code loc}, {@code loc_ans}) that memory-based methods draw on, as EasyEdit's examples pass them:
 * IKE builds its demonstrations from them, WISE its irrelevant inputs. Read once per file and edited model, kept in
 * the model's cache.
 */
public final class TrainingRecords {

    /**
     * One training record: a fact to state ({@code prompt target}) about {@code subject}, a rephrasing of its prompt,
     * an unrelated fact.
     */
    public record TrainingRecord(String subject, String prompt, String target, String rephrase, String locality,
                                 String localityAnswer) {

        /** The prompt's relation: the prompt with its subject taken out (the prompt itself if it lacks it). */
        public String relation() {
            return prompt.replace(subject, "{}");
        }

        /** This record stating another target. */
        public TrainingRecord withTarget(String other) {
            return new TrainingRecord(subject, prompt, other, rephrase, locality, localityAnswer);
        }
    }

    /** The records of one file, as the model's cache keeps them. */
    private record Read(List<TrainingRecord> records) {}

    private TrainingRecords() {}

    /**
     * The records of {@code file}, read once for {@code model} (from its cache after that).
     *
     * @param model the model being edited
     * @param key the hparams key that named the file, for messages
     * @throws InvalidInputException naming the file, the record and the field that is missing or not a string
     */
    public static List<TrainingRecord> read(LanguageModel model, Path file, String key) {
        Path absolute = file.toAbsolutePath().normalize();
        return model.cache().get("training-records|" + absolute, Read.class, () -> new Read(read(file, key)))
                .records();
    }

    /**
     * The records of {@code file} as EasyEdit's {@code ZsreDataset} keeps them ({@code dataset/zsre.py}): those whose
     * {@code alt} is the empty string are left out (EasyEdit's IKE pool and its MEND/SERAC training read the split
     * through it), read once for {@code model}.
     *
     * @param key the hparams key that named the file, for messages
     */
    public static List<TrainingRecord> readAsZsreDataset(LanguageModel model, Path file, String key) {
        Path absolute = file.toAbsolutePath().normalize();
        return model.cache().get("training-records-zsre|" + absolute, Read.class,
                () -> new Read(readAsZsreDataset(file, key))).records();
    }

    /** {@link #readAsZsreDataset(LanguageModel, Path, String)}, read now (trainers read their data once). */
    public static List<TrainingRecord> readAsZsreDataset(Path file, String key) {
        return parse(file, key, true);
    }

    /**
     * The records of {@code file}, read now (trainers read their data once).
     *
     * @param key the hparams key that named the file, for messages
     * @throws InvalidInputException naming the file, the record and the field that is missing or not a string
     */
    public static List<TrainingRecord> read(Path file, String key) {
        return parse(file, key, false);
    }

    private static List<TrainingRecord> parse(Path file, String key, boolean skipEmptyAlt) {
        Path absolute = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            throw new InvalidInputException(key + ": " + file + " is not a file (expected a ZsRE-format JSON array such"
                    + " as zsre_mend_train.json)");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(absolute.toFile());
        } catch (IOException e) {
            throw new InvalidInputException(key + ": " + file + " is not readable JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new InvalidInputException(key + ": " + file + " must hold a non-empty JSON array of records");
        }
        List<TrainingRecord> records = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode r = root.get(i);
            if (skipEmptyAlt && r != null && r.path("alt").isTextual() && r.path("alt").asText().isEmpty()) {
                continue;
            }
            records.add(new TrainingRecord(text(r, "subject", file, i), text(r, "src", file, i), text(r, "alt", file, i),
                    text(r, "rephrase", file, i), text(r, "loc", file, i), text(r, "loc_ans", file, i)));
        }
        if (records.isEmpty()) {
            throw new InvalidInputException(key + ": " + file + " holds no record with a non-empty alt");
        }
        return List.copyOf(records);
    }

    private static String text(JsonNode record, String field, Path file, int index) {
        JsonNode value = record == null ? null : record.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new InvalidInputException(file + ": record " + index + " field " + field + ": "
                    + (value == null ? "is missing" : "is " + value) + ": expected a non-empty string");
        }
        return value.asText();
    }
}
