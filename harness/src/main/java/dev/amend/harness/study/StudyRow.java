package dev.amend.harness.study;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import dev.amend.registry.Provenance;
import java.util.List;
import java.util.Map;

/**
 * One row of a study's log ({@code rows.jsonl}): one request of one cell. {@link StudyRunner} writes it,
 * {@link ResultLog} appends and reads it, {@link StudyReport} renders it. Its JSON is one flat object (the groups
 * below are unwrapped into it) that only ever gains fields, so rows written by earlier versions read into this
 * record: what they lack reads as null (or 0), {@code provenance} among them.
 *
 * @param place       where the row belongs: study, cell, unit
 * @param description what the cell computes (its id digests this)
 * @param setting     what the cell ran with: weights fingerprint, device, seed, versions, hparams
 * @param scores      the request and its scores before and after
 * @param call        sequential cells: the apply call that applied this request; null otherwise
 * @param checkpoints sequential cells: every re-measurement of this request, in order; null otherwise
 * @param cost        the unit's wall times and the memory after it
 * @param semantics   what each metric means, by metric name, in the order the metrics ran
 * @param provenance  what produced the row, as a saved edit records it; null in rows written before it was recorded
 */
public record StudyRow(@JsonUnwrapped Place place, @JsonUnwrapped CellDescription description,
                       @JsonUnwrapped Setting setting, @JsonUnwrapped Scores scores,
                       @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("call") CallTrace call,
                       @JsonInclude(JsonInclude.Include.NON_NULL)
                       @JsonProperty("checkpoints") List<SequenceCheckpoint> checkpoints,
                       @JsonUnwrapped Cost cost, @JsonProperty("semantics") Map<String, String> semantics,
                       @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("provenance") Provenance provenance) {

    /**
     * Where a row belongs. A study resumed on a log skips the units whose cell id and unit number it finds.
     *
     * @param study     the study's name
     * @param cellId    the cell's {@link StudyCell#id() id}
     * @param cellIndex the cell's place in the grid
     * @param label     the cell's label in tables and charts
     * @param unit      the unit of work within the cell (a request, a call's batch, or 0 for a whole sequence)
     */
    public record Place(@JsonProperty("study") String study, @JsonProperty("cell") String cellId,
                        @JsonProperty("cell_index") int cellIndex, @JsonProperty("label") String label,
                        @JsonProperty("unit") int unit) {}

    /**
     * What a cell ran with: the fields rows have recorded from the start ({@link Provenance} repeats them next to
     * the engine and the time).
     *
     * @param modelFingerprint the base weights' fingerprint
     * @param device           the device it ran on
     * @param seed             the study's seed
     * @param versions         what produced the rows (Amend's, DJL's and Java's versions, and what the caller named)
     * @param hparams          the method's hparams, every field
     */
    public record Setting(@JsonProperty("model_fingerprint") String modelFingerprint,
                          @JsonProperty("device") String device, @JsonProperty("seed") long seed,
                          @JsonProperty("versions") Map<String, String> versions,
                          @JsonProperty("hparams") JsonNode hparams) {}

    /**
     * One request's scores.
     *
     * @param requestIndex the request's place in the cell's data
     * @param subject      its subject
     * @param pre          every metric on the unedited model
     * @param post         every metric after the edit (sequential cells: after the last call)
     */
    public record Scores(@JsonProperty("request_index") int requestIndex, @JsonProperty("subject") String subject,
                         @JsonProperty("pre") Map<String, Double> pre,
                         @JsonProperty("post") Map<String, Double> post) {}

    /**
     * What a unit of work cost: its wall times and the memory right after it.
     *
     * @param applySeconds    wall time applying the edits
     * @param evaluateSeconds wall time scoring them
     * @param heapBytes       Java heap in use after the unit
     * @param residentBytes   the process's resident set after the unit
     * @param liveArrays      NDArrays alive in the engine after the unit
     */
    public record Cost(@JsonProperty("apply_seconds") double applySeconds,
                       @JsonProperty("evaluate_seconds") double evaluateSeconds,
                       @JsonProperty("heap_bytes") long heapBytes, @JsonProperty("resident_bytes") long residentBytes,
                       @JsonProperty("live_arrays") int liveArrays) {}
}
