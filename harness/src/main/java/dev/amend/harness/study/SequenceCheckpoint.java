package dev.amend.harness.study;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One re-measurement of a sequential cell's request: after every {@code checkpoint_every} calls and after the last,
 * every edit so far is scored again, with the memory still in use after a full collection (what a leak shows in).
 *
 * @param edits         edits applied when it was taken
 * @param liveHeapBytes Java heap still reachable after a full collection
 * @param residentBytes the process's resident set
 * @param liveArrays    NDArrays alive in the engine; null in rows written before it was recorded
 * @param post          the request's scores on the model with those edits
 */
public record SequenceCheckpoint(@JsonProperty("edits") int edits, @JsonProperty("live_heap_bytes") long liveHeapBytes,
                                 @JsonProperty("resident_bytes") long residentBytes,
                                 @JsonProperty("live_arrays") Integer liveArrays,
                                 @JsonProperty("post") Map<String, Double> post) {}
