package dev.amend.methods.serac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amend.api.InvalidInputException;
import dev.amend.toolkit.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a SERAC training run leaves (the contract between the {@code serac} trainer and the method): two model
 * directories and {@code serac.json}, which says how the classifier compares embeddings and how the counterfactual model
 * reads an edit.
 *
 * @param classifier   the scope classifier's encoder
 * @param replacement  the counterfactual model
 * @param cos          compare by cosine ({@link ScopeClassifier#cos()})
 * @param square       square the distance ({@link ScopeClassifier#square()})
 * @param editTemplate how the counterfactual model reads an edit before an input, with {@code {prompt}} and
 *                     {@code {target}}
 * @param promptPrefix what every prompt of the model's data starts with (the toy world's {@code ". "}), left out of
 *                     {@code {prompt}} in the lead-in; empty for none
 */
public record SeracArchive(Path classifier, Path replacement, boolean cos, boolean square, String editTemplate,
                           String promptPrefix) {

    /** The classifier's encoder directory in an archive. */
    public static final String CLASSIFIER = "classifier";
    /** The counterfactual model's directory in an archive. */
    public static final String REPLACEMENT = "replacement";
    /** The archive's manifest. */
    public static final String MANIFEST = "serac.json";

    public SeracArchive {
        if (!editTemplate.contains("{prompt}") || !editTemplate.contains("{target}")) {
            throw new IllegalArgumentException("edit_template must contain {prompt} and {target}, got " + editTemplate);
        }
    }

    /** The counterfactual model's lead-in for an edit. */
    public String lead(String prompt, String target) {
        String bare = !promptPrefix.isEmpty() && prompt.startsWith(promptPrefix)
                ? prompt.substring(promptPrefix.length()) : prompt;
        return editTemplate.replace("{prompt}", bare).replace("{target}", target);
    }

    /**
     * Reads an archive directory.
     *
     * @throws InvalidInputException naming the file or field that is missing
     */
    public static SeracArchive read(Path dir) {
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new InvalidInputException("archive " + dir + " has no " + MANIFEST + ": it must be a directory made by"
                    + " 'amend train --trainer serac'");
        }
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(manifest.toFile());
        } catch (IOException e) {
            throw new InvalidInputException(manifest + " is not valid JSON: " + e.getMessage());
        }
        for (String field : new String[] {"cos", "square", "edit_template", "prompt_prefix"}) {
            if (!json.hasNonNull(field)) {
                throw new InvalidInputException(manifest + ": field '" + field + "' is missing");
            }
        }
        for (String model : new String[] {CLASSIFIER, REPLACEMENT}) {
            if (!Files.isDirectory(dir.resolve(model))) {
                throw new InvalidInputException("archive " + dir + " has no " + model + "/ model directory");
            }
        }
        return new SeracArchive(dir.resolve(CLASSIFIER), dir.resolve(REPLACEMENT), json.get("cos").asBoolean(),
                json.get("square").asBoolean(), json.get("edit_template").asText(),
                json.get("prompt_prefix").asText());
    }

    /**
     * Writes {@code serac.json} for these settings plus {@code extra} fields (training figures) into {@code dir}, in
     * one step (a kill leaves the old file or none, never half of one): written last, it marks a complete archive.
     */
    public void writeManifest(Path dir, JsonNode extra) {
        var node = new ObjectMapper().createObjectNode().put("cos", cos).put("square", square)
                .put("edit_template", editTemplate).put("prompt_prefix", promptPrefix).put("threshold", ScopeClassifier.THRESHOLD);
        extra.fields().forEachRemaining(e -> node.set(e.getKey(), e.getValue()));
        try {
            AtomicFiles.write(dir.resolve(MANIFEST),
                    staging -> new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(staging.toFile(), node));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(MANIFEST), e);
        }
    }
}
