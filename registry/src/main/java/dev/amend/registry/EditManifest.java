package dev.amend.registry;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.amend.api.InvalidInputException;
import dev.amend.api.edit.EditRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A saved edit's {@code edit.json}: the method, what produced the edit, the weights fingerprint that re-applying it
 * must give, its requests, and where {@code deltas.safetensors} holds its deltas and state. Written in format
 * {@value #FORMAT} version {@value #VERSION}; version 1 files (no provenance object: the base fingerprint, hparams,
 * seed and time at the top level) read into the same record, keeping {@code version} 1.
 *
 * @param format            always {@value #FORMAT}
 * @param version           the format version the file was written in
 * @param method            the provider name of the method that made the edit
 * @param provenance        Amend, engine, DJL and Java versions, base fingerprint, hparams, seed, device, time
 * @param editedFingerprint what re-applying the deltas must give (weight edits only; null for run-time edits)
 * @param requests          the requests the edit applied
 * @param deltas            the weight deltas, in order
 * @param tensors           names of the other state tensors (a codebook, a side memory), stored as {@code state.NAME}
 * @param attributes        the method's small textual state
 */
public record EditManifest(@JsonProperty("format") String format, @JsonProperty("version") int version,
                           @JsonProperty("method") String method, @JsonProperty("provenance") Provenance provenance,
                           @JsonProperty("edited_fingerprint") String editedFingerprint,
                           @JsonProperty("requests") List<EditRequest> requests,
                           @JsonProperty("deltas") List<Delta> deltas, @JsonProperty("tensors") List<String> tensors,
                           @JsonProperty("attributes") Map<String, String> attributes) {

    /** The format's name. */
    public static final String FORMAT = "amend-edit";
    /** The format version this code writes. */
    public static final int VERSION = 2;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One weight delta: its site, form ({@code dense} or {@code low_rank}) and tensor names.
     *
     * @param site    the weight site ({@code decoder.3.mlp_out_proj})
     * @param form    {@code dense} (one tensor) or {@code low_rank} (u, then v)
     * @param tensors the names of its tensors in the tensors file
     */
    public record Delta(@JsonProperty("site") String site, @JsonProperty("form") String form,
                        @JsonProperty("tensors") List<String> tensors) {}

    /**
     * Reads a manifest of either version.
     *
     * @throws InvalidInputException naming the file: not JSON, not this format, or a version this code does not know
     */
    public static EditManifest read(Path file) throws IOException {
        try {
            JsonNode tree = JSON.readTree(file.toFile());
            String format = tree.path("format").asText(null);
            int version = tree.path("version").asInt(-1);
            if (!FORMAT.equals(format) || version < 1 || version > VERSION) {
                throw new InvalidInputException(file + ": expected format " + FORMAT + " version 1 to " + VERSION
                        + ", got " + format + " version " + tree.path("version"));
            }
            return version == 1 ? JSON.treeToValue(tree, Version1.class).upgrade()
                    : JSON.treeToValue(tree, EditManifest.class);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(file + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Writes this manifest to {@code file}, indented. */
    void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    /** A version 1 {@code edit.json}: what the fields of {@link Provenance} it has are called there. */
    private record Version1(@JsonProperty("format") String format, @JsonProperty("version") int version,
                            @JsonProperty("method") String method, @JsonProperty("hparams") JsonNode hparams,
                            @JsonProperty("base_fingerprint") String baseFingerprint, @JsonProperty("seed") Long seed,
                            @JsonProperty("edited_fingerprint") String editedFingerprint,
                            @JsonProperty("created") String created,
                            @JsonProperty("requests") List<EditRequest> requests,
                            @JsonProperty("deltas") List<Delta> deltas, @JsonProperty("tensors") List<String> tensors,
                            @JsonProperty("attributes") Map<String, String> attributes) {

        EditManifest upgrade() {
            Provenance provenance = new Provenance(null, null, null, null, null, baseFingerprint, hparams, seed, null,
                    created);
            return new EditManifest(format, version, method, provenance, editedFingerprint, requests, deltas, tensors,
                    attributes);
        }
    }
}
