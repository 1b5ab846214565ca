package dev.amend.toolkit.edit;

import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditState;
import dev.amend.api.model.LanguageModel;
import dev.amend.toolkit.model.ForwardingModel;
import java.util.Objects;

/**
 * The {@link AppliedEdit} of every runtime-only method, written once: the weights never change; the edit is a view of
 * the model ({@link ForwardingModel}) plus the memory behind it. Closing retires the view and frees the memory
 * (unless kept: then the view stays in force). An edit made on top of another's view that carries that memory
 * forward ({@link #extending}) can be absorbed by it, so sequential editing holds one memory, not one per call.
 */
public final class RuntimeEdit extends AbstractAppliedEdit {

    private ForwardingModel view;
    private EditState state;
    private AutoCloseable memory;
    private final ForwardingModel builtOn;

    private RuntimeEdit(ForwardingModel view, EditState state, AutoCloseable memory, ForwardingModel builtOn) {
        this.view = Objects.requireNonNull(view, "view");
        this.state = Objects.requireNonNull(state, "state");
        this.memory = Objects.requireNonNull(memory, "memory");
        this.builtOn = builtOn;
        if (!state.deltas().isEmpty()) {
            throw new IllegalArgumentException("a runtime edit changes no weight, but its state lists "
                    + state.deltas().size() + " deltas");
        }
    }

    /**
     * {@return a runtime edit}
     *
     * @param view   the edited model
     * @param state  what to save (its tensors may live in {@code memory})
     * @param memory freed when the edit is closed, not kept
     */
    public static RuntimeEdit of(ForwardingModel view, EditState state, AutoCloseable memory) {
        return new RuntimeEdit(view, state, memory, null);
    }

    /**
     * {@return a runtime edit made on {@code previous}, the view of an earlier edit of the same method, whose memory it
     * copied and extended: the earlier edit may {@link #absorb} it}
     *
     * @param previous the view in force before this edit
     * @param view the new view, which routes through the edit
     * @param state what saving the edit writes
     * @param memory what the edit holds, freed when it closes
     */
    public static RuntimeEdit extending(ForwardingModel previous, ForwardingModel view, EditState state,
                                        AutoCloseable memory) {
        return new RuntimeEdit(view, state, memory, Objects.requireNonNull(previous, "previous"));
    }

    @Override
    public synchronized LanguageModel model() {
        return view;
    }

    @Override
    public synchronized EditState state() {
        return state;
    }

    /**
     * Takes over a runtime edit that extends this one's view: this edit then holds the later view and memory, and
     * frees its own.
     */
    @Override
    public synchronized boolean absorb(AppliedEdit next) {
        if (!(next instanceof RuntimeEdit later) || later.builtOn != view) {
            return false;
        }
        synchronized (later) {
            requireBothInForce(later);
            ForwardingModel old = view;
            AutoCloseable oldMemory = memory;
            view = later.view;
            state = later.state;
            memory = later.memory;
            endTakenOver(later);
            old.retire("this " + state.method() + " edit was taken over by a later one on top of it; use that one's model");
            free(oldMemory);
        }
        return true;
    }

    /** Retires the view: calls that run it fail from now on. */
    @Override
    protected void revert() {
        view.retire("this " + state.method() + " edit was closed: query the model it was made on");
    }

    /** Frees the memory, unless the edit was kept (its view still uses it). */
    @Override
    protected void release(boolean wasKept) {
        if (!wasKept) {
            free(memory);
        }
    }

    private static void free(AutoCloseable memory) {
        try {
            memory.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not free an edit's memory", e);
        }
    }
}
