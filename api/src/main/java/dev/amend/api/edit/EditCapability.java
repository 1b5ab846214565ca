package dev.amend.api.edit;

/**
 * What a method can do or needs. The runner and the harness decide everything from these, never from a method's
 * name.
 */
public enum EditCapability {
    /** Applies several requests in one {@link EditMethod#apply} call. */
    BATCH,
    /** Edits may accumulate on one model, each on top of the previous ones. */
    SEQUENTIAL,
    /** Needs a trained artifact (its hparams' {@code archive}) made by a trainer. */
    NEEDS_TRAINING,
    /** Needs second-moment statistics of keys over a corpus. */
    NEEDS_STATS,
    /** Changes weights by deltas that it reports; reverting restores the exact previous weights. */
    WEIGHT_DELTA,
    /** Changes no weight: wraps the model at run time (memory, in-context). */
    RUNTIME_ONLY,
    /** Uses autograd; the runner runs such edits one at a time per JVM (one GradientCollector per JVM). */
    GRADIENT
}
