package dev.amend.trainers.common;

/**
 * What the keys that several trainers share mean, written once for their {@link dev.amend.api.HParam} annotations
 * (the hparams reference is generated from those).
 */
public final class TrainKeyDocs {

    /** {@code checkpoint_every}. */
    public static final String CHECKPOINT_EVERY = "optimizer steps between checkpoints: a killed run, started again "
            + "with the same command, resumes from the last one and ends with the same bytes; ≥ 1";

    private TrainKeyDocs() {}
}
