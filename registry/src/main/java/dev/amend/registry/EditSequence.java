package dev.amend.registry;

import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditContext;
import dev.amend.api.edit.EditMethod;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.model.LanguageModel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Sequential editing: requests applied in order, call after call, each edit kept on top of the previous ones; the
 * requests applied so far are re-measured on demand against observations of the unedited model. Closing reverts
 * every edit, the last first, which gives the original weights back bit for bit. Each new edit is offered to the one
 * before it ({@link AppliedEdit#absorb}: weight deltas squash into one, a runtime memory takes over its own
 * extension), so memory does not grow with the number of calls.
 */
public final class EditSequence implements AutoCloseable {

    private final EditMethodProvider<?> provider;
    private final EditMethod method;
    private final LanguageModel base;
    private final EditContext context;
    private final List<MetricRun<?>> runs;
    private final List<EditRequest> requests;
    private final List<Map<String, Double>> pre;
    private final Deque<AppliedEdit> edits = new ArrayDeque<>();
    private int applied;
    private Duration applyTime = Duration.ZERO;

    EditSequence(EditMethodProvider<?> provider, EditMethod method, LanguageModel base, EditContext context,
                 List<MetricRun<?>> runs, List<EditRequest> requests, List<Map<String, Double>> pre) {
        this.provider = provider;
        this.method = method;
        this.base = base;
        this.context = context;
        this.runs = runs;
        this.requests = List.copyOf(requests);
        this.pre = pre;
    }

    /** How many requests have been applied. */
    public int applied() {
        return applied;
    }

    /** How many requests the sequence holds. */
    public int size() {
        return requests.size();
    }

    /** The model with every edit so far. */
    public LanguageModel model() {
        return edits.isEmpty() ? base : edits.peekLast().model();
    }

    /** Wall time of all apply calls so far. */
    public Duration applyTime() {
        return applyTime;
    }

    /**
     * Applies the next {@code count} requests (or what is left) in one call, on top of the edits so far.
     *
     * @return the wall time of the call
     * @throws dev.amend.api.InvalidInputException when {@code count > 1} and the method lacks
     *                                             {@link dev.amend.api.edit.EditCapability#BATCH}
     */
    public Duration applyNext(int count) {
        int to = Math.min(requests.size(), applied + count);
        Editor.requireBatch(provider, to - applied);
        if (to == applied) {
            return Duration.ZERO;
        }
        long t0 = System.nanoTime();
        AppliedEdit edit = method.apply(model(), requests.subList(applied, to), context);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        if (edits.isEmpty() || !edits.peekLast().absorb(edit)) {   // absorbed: memory does not grow with the calls
            edits.addLast(edit);
        }
        applied = to;
        applyTime = applyTime.plus(took);
        return took;
    }

    /** Every metric of every request applied so far, on the unedited model and on the model now. */
    public List<RequestScores> remeasure() {
        List<EditRequest> done = requests.subList(0, applied);
        return Editor.pair(done, pre.subList(0, applied), Editor.scoreAll(runs, model(), done));
    }

    /** Reverts every edit, the last first. */
    @Override
    public void close() {
        while (!edits.isEmpty()) {
            edits.pollLast().close();
        }
    }
}
