package dev.amend.toolkit.edit;

import dev.amend.api.edit.AppliedEdit;

/**
 * The keep/close lifecycle every {@link AppliedEdit} shares, written once: {@link #keep()} makes the edit permanent,
 * {@link #close()} reverts it unless kept and then frees what it holds, once. Subclasses say how to revert and what to
 * free; edits that {@link #absorb} later ones end those with {@link #endTakenOver}.
 */
public abstract class AbstractAppliedEdit implements AppliedEdit {

    private boolean kept;
    private boolean closed;

    /** Makes the edit in force: neither kept nor closed. */
    protected AbstractAppliedEdit() {}

    /**
     * Undoes the edit. Called by {@link #close()} on an edit that was not kept; when it throws, the edit stays open
     * and in force.
     *
     * @throws IllegalStateException when the edit cannot be undone now (a later edit changed what it changed, say)
     */
    protected abstract void revert();

    /**
     * Frees what the edit holds, once it is closed.
     *
     * @param wasKept whether the edit was kept (what keeps it in force must then stay)
     */
    protected abstract void release(boolean wasKept);

    @Override
    public final synchronized void keep() {
        if (closed) {
            throw new IllegalStateException("the edit is already closed");
        }
        kept = true;
    }

    @Override
    public final synchronized boolean isKept() {
        return kept;
    }

    @Override
    public final synchronized boolean isClosed() {
        return closed;
    }

    /** Reverts unless kept, then frees what the edit holds. Does nothing the second time. */
    @Override
    public final synchronized void close() {
        if (closed) {
            return;
        }
        if (!kept) {
            revert();
        }
        closed = true;
        release(kept);
    }

    /**
     * Checks, inside {@link #absorb}, that this edit and {@code later} are both in force (neither kept nor closed).
     *
     * @param later the edit about to be taken over
     * @throws IllegalStateException naming which of the two is not
     */
    protected final void requireBothInForce(AbstractAppliedEdit later) {
        if (later == this) {
            throw new IllegalStateException("an edit cannot absorb itself");
        }
        if (kept || closed) {
            throw new IllegalStateException("an edit absorbs others only while in force; this one is "
                    + (closed ? "closed" : "kept"));
        }
        if (later.kept || later.closed) {
            throw new IllegalStateException("the edit to absorb is " + (later.closed ? "closed" : "kept"));
        }
    }

    /**
     * Ends {@code later}, whose change this edit has taken over: it is closed without reverting and without
     * {@link #release}; what of it this edit did not take, the caller frees.
     *
     * @param later the absorbed edit
     */
    protected static void endTakenOver(AbstractAppliedEdit later) {
        synchronized (later) {
            later.closed = true;
        }
    }
}
