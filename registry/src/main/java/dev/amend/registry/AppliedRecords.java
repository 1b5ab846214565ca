package dev.amend.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amend.api.InvalidInputException;
import dev.amend.api.model.WeightSite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Reads an edited model's {@code amend-edit/applied.json} ({@link EditedModels.Applied}) and refuses one that is not
 * what {@code apply-edit} writes: every field present, fingerprints of 64 hex digits, sites that parse, and the base
 * model's path absolute and printable.
 */
final class AppliedRecords {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");

    private AppliedRecords() {}

    /**
     * {@return the record in {@code file}}
     *
     * @param file    {@code edited/amend-edit/applied.json}
     * @param edited  the edited model directory, for the message when the file is missing
     * @throws InvalidInputException naming the file and the field that is wrong
     */
    static EditedModels.Applied read(Path file, Path edited) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(edited + " is not an edited model: " + EditedModels.EDIT_DIR + "/"
                    + EditedModels.APPLIED + " is missing (`amend apply-edit` writes it)");
        }
        EditedModels.Applied applied;
        try {
            applied = JSON.readValue(file.toFile(), EditedModels.Applied.class);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(file + ": " + e.getOriginalMessage(), e);
        }
        if (applied == null) {
            throw new InvalidInputException(file + ": expected a JSON object, got null");
        }
        requireFingerprint(file, "base_fingerprint", applied.baseFingerprint());
        requireFingerprint(file, "edited_fingerprint", applied.editedFingerprint());
        requireBaseModel(file, applied.baseModel());
        if (applied.sites() == null || applied.sites().isEmpty()) {
            throw new InvalidInputException(file + ": 'sites' must list the edited weight sites");
        }
        for (String site : applied.sites()) {
            try {
                WeightSite.parse(site);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new InvalidInputException(file + ": 'sites' holds '" + site + "', not a weight site", e);
            }
        }
        return applied;
    }

    private static void requireFingerprint(Path file, String field, String value) {
        if (value == null || !FINGERPRINT.matcher(value).matches()) {
            throw new InvalidInputException(file + ": '" + field + "' must be a weights fingerprint (64 hex digits), "
                    + "got " + (value == null ? "nothing" : "'" + printable(value) + "'"));
        }
    }

    private static void requireBaseModel(Path file, String value) {
        boolean absolute;
        try {
            absolute = value != null && Path.of(value).isAbsolute();
        } catch (InvalidPathException e) {
            absolute = false;
        }
        if (!absolute || value.codePoints().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException(file + ": 'base_model' must be the absolute path of the base model "
                    + "directory, got " + (value == null ? "nothing" : "'" + printable(value) + "'"));
        }
    }

    /** {@code text} with control characters shown as {@code ?}, at most 200 characters. */
    private static String printable(String text) {
        String shown = text.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return shown.length() > 200 ? shown.substring(0, 200) + "..." : shown;
    }
}
