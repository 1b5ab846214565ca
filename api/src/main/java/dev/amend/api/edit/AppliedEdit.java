package dev.amend.api.edit;

import dev.amend.api.model.LanguageModel;
import java.util.List;

/**
 * An edit in force. Closing it reverts the model to exactly what it was before (bit for bit), unless
 * {@link #keep()} was called; either way closing frees what the edit holds. Edits that share weights must be
 * closed in reverse order of application: closing one whose weights a later edit changed fails.
 */
public interface AppliedEdit extends AutoCloseable {

    /** The model to query: the edited model itself for weight edits, a wrapper for runtime-only methods. */
    LanguageModel model();

    /** What to save to re-create this edit later. */
    EditState state();

    /** The weight changes made (empty for runtime-only methods). */
    default List<WeightDelta> deltas() {
        return state().deltas();
    }

    /** Makes the edit permanent: {@link #close()} will no longer revert it. */
    void keep();

    boolean isKept();

    /** Whether {@link #close()} has run. */
    boolean isClosed();

    /** Reverts unless kept, and frees what the edit holds. Does nothing the second time. */
    @Override
    void close();
}
