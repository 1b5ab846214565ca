package dev.amend.registry;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.amend.api.InvalidInputException;
import dev.amend.api.edit.EditRequest;
import dev.amend.toolkit.io.Hashing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A saved edit's {@code edit.json}: the method, what produced the edit, the weights fingerprint that re-applying it
 * must give, its requests, where {@code deltas.safetensors} holds its deltas and state, and the digests that prove
 * both files hold what was saved. Written in format {@value #FORMAT} version {@value #VERSION}; version 2 files (no
 * digests) and version 1 files (no digests, no provenance object: the base fingerprint, hparams, seed and time at the
 * top level) read into the same record, keeping their {@code version}, with {@code integrity} null.
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
 * @param integrity         the digests of this manifest and of every saved tensor (null in versions 1 and 2)
 */
public record EditManifest(@JsonProperty("format") String format, @JsonProperty("version") int version,
                           @JsonProperty("method") String method, @JsonProperty("provenance") Provenance provenance,
                           @JsonProperty("edited_fingerprint") String editedFingerprint,
                           @JsonProperty("requests") List<EditRequest> requests,
                           @JsonProperty("deltas") List<Delta> deltas, @JsonProperty("tensors") List<String> tensors,
                           @JsonProperty("attributes") Map<String, String> attributes,
                           @JsonProperty("integrity") Integrity integrity) {

    /** The format's name. */
    public static final String FORMAT = "amend-edit";
    /** The format version this code writes. */
    public static final int VERSION = 3;
    /** The first format version whose manifests carry {@link Integrity} digests. */
    public static final int FIRST_WITH_DIGESTS = 3;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper COMPACT = new ObjectMapper();

    /**
     * What loading checks a saved edit against: the SHA-256 of the manifest's own content (every field, this record's
     * {@code manifest} left out) and of every tensor in the tensors file (its type, shape and bytes). Run-time edits
     * change no weight, so these digests are all that proves their state is what was saved.
     *
     * @param manifest the manifest's content digest, 64 hex digits
     * @param tensors  each tensor's digest, by its name in the tensors file
     */
    public record Integrity(@JsonProperty("manifest") String manifest,
                            @JsonProperty("tensors") Map<String, String> tensors) {}

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
            EditManifest manifest = version == 1 ? JSON.treeToValue(tree, Version1.class).upgrade()
                    : JSON.treeToValue(tree, EditManifest.class);
            manifest.requireFields(file);
            if (version >= FIRST_WITH_DIGESTS) {
                manifest.requireIntact(file);
            }
            return manifest;
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(file + ": " + e.getOriginalMessage(), e);
        }
    }

    /** {@return this manifest with {@code tensorDigests} and the digest of its content, as saving records them} */
    EditManifest sealed(Map<String, String> tensorDigests) throws IOException {
        EditManifest unsealed = withIntegrity(new Integrity(null, tensorDigests));
        EditManifest asRead = COMPACT.readValue(COMPACT.writeValueAsBytes(unsealed), EditManifest.class);
        return withIntegrity(new Integrity(asRead.contentDigest(), tensorDigests));
    }

    /** The SHA-256 of every field but the manifest digest itself, in one fixed serialisation. */
    private String contentDigest() throws JsonProcessingException {
        Integrity digests = integrity == null ? null : new Integrity(null, integrity.tensors());
        return Hashing.sha256Hex(COMPACT.writeValueAsBytes(withIntegrity(digests)));
    }

    private EditManifest withIntegrity(Integrity digests) {
        return new EditManifest(format, version, method, provenance, editedFingerprint, requests, deltas, tensors,
                attributes, digests);
    }

    /** Refuses a manifest that lacks a field loading needs. */
    private void requireFields(Path file) {
        String missing = method == null ? "method" : provenance == null ? "provenance"
                : provenance.baseFingerprint() == null ? "base_fingerprint" : requests == null ? "requests"
                : requests.contains(null) ? "requests (a null entry)" : deltas == null ? "deltas"
                : deltas.contains(null) ? "deltas (a null entry)" : tensors == null ? "tensors"
                : tensors.contains(null) ? "tensors (a null entry)" : attributes == null ? "attributes" : null;
        if (missing != null) {
            throw new InvalidInputException(file + ": missing the field '" + missing + "' every saved edit has");
        }
    }

    /** Refuses a manifest whose content is not what its digest says was saved. */
    private void requireIntact(Path file) throws JsonProcessingException {
        if (integrity == null || integrity.manifest() == null || integrity.tensors() == null) {
            throw new InvalidInputException(file + ": version " + version + " needs 'integrity' with the 'manifest' "
                    + "and 'tensors' digests, which are missing");
        }
        String now = contentDigest();
        if (!now.equals(integrity.manifest())) {
            throw new InvalidInputException(file + ": its content has SHA-256 " + now + ", but it was saved with "
                    + integrity.manifest() + ": the file was changed after it was saved; nothing was loaded");
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
                    attributes, null);
        }
    }
}
