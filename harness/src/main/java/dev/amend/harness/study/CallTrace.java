package dev.amend.harness.study;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One apply call of a sequential cell, as the rows of the requests it applied record it: how far the sequence had
 * got, how long the call took, and the memory right after it (the heap including garbage not collected yet).
 *
 * @param edits         edits applied after the call
 * @param seconds       the call's wall time
 * @param heapBytes     Java heap in use right after it
 * @param residentBytes the process's resident set right after it
 */
public record CallTrace(@JsonProperty("edits") int edits, @JsonProperty("seconds") double seconds,
                        @JsonProperty("heap_bytes") long heapBytes,
                        @JsonProperty("resident_bytes") long residentBytes) {

    /** The call that left {@code edits} applied after {@code seconds}, with the memory in use now. */
    static CallTrace now(int edits, double seconds) {
        MemoryUse memory = MemoryUse.now();
        return new CallTrace(edits, seconds, memory.heapBytes(), memory.residentBytes());
    }
}
