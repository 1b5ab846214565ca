package dev.amend.api.edit;

import dev.amend.api.model.LanguageModel;
import java.util.List;

/**
 * An edit in force. Closing it reverts the model to exactly what it was before (bit for bit), unless
 * {@link #keep()} was called; either way closing frees what the edit holds. Edits that share weights must be
 * closed in reverse order of application: closing one whose weights a later edit changed fails.
 */
public interface AppliedEdit extends AutoCloseable {

    /** {@return the model to query: the edited model itself for weight edits, a wrapper for runtime-only methods} */
    LanguageModel model();

    /** {@return what to save to re-create this edit later} */
    EditState state();

    /** {@return the weight changes made (empty for runtime-only methods)} */
    default List<WeightDelta> deltas() {
        return state().deltas();
    }

    /**
     * Takes over {@code later}, an edit applied on top of this one and still in force, so that a long sequence of edits
     * holds one edit's worth of memory: closing this edit then reverts both, {@link #model()} is the model with both,
     * and {@code later} ends closed with its change in force. Sequential editing calls this after every call.
     *
     * @param later an edit applied on top of this one, still in force
     * @return false, changing nothing, when this edit cannot take {@code later} over (the caller then keeps both)
     */
    default boolean absorb(AppliedEdit later) {
        return false;
    }

    /** Makes the edit permanent: {@link #close()} will no longer revert it. */
    void keep();

    /** {@return whether {@link #keep()} was called} */
    boolean isKept();

    /** {@return whether {@link #close()} has run} */
    boolean isClosed();

    /** Reverts unless kept, and frees what the edit holds. Does nothing the second time. */
    @Override
    void close();
}
