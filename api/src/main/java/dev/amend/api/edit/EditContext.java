package dev.amend.api.edit;

import dev.amend.api.Progress;
import java.util.Objects;

/** What the runner gives a method for one {@link EditMethod#apply} call. */
public interface EditContext {

    /** Seed for anything random the method does, so that edits are reproducible. */
    long seed();

    /** Where to report progress of long steps. */
    Progress progress();

    /** A context with the given seed and progress. */
    static EditContext of(long seed, Progress progress) {
        Objects.requireNonNull(progress, "progress");
        return new EditContext() {
            @Override
            public long seed() {
                return seed;
            }

            @Override
            public Progress progress() {
                return progress;
            }
        };
    }

    /** Seed 0, no progress output. */
    static EditContext defaults() {
        return of(0L, Progress.NONE);
    }
}
