package dev.amend.api.metric;

import dev.amend.api.edit.EditRequest;
import dev.amend.api.model.LanguageModel;
import java.util.List;
import java.util.Map;

/**
 * A measure of an edit: a pure function of what it observed on the unedited model, the edited model and the request.
 * Both phases take a batch of requests so that implementations can batch forward passes.
 *
 * @param <S> what the metric records of the unedited model (for example its predictions on locality prompts); {@code
 * Void} when it needs nothing
 */
public interface Metric<S> {

    /** {@return one line stated in every report: what the scores mean and how they are computed} */
    String semantics();

    /**
     * {@return what {@link #score} will need from the unedited model: one entry per request, in order; nulls when the
     * metric needs nothing of it}
     *
     * @param base the model before the edit
     * @param requests the requests about to be applied
     */
    List<S> observe(LanguageModel base, List<EditRequest> requests);

    /**
     * {@return the scores of each request on the edited model: one map of named scores per request, in order} A request
     * that lacks what the metric measures (no rephrases, say) gets an empty map, never NaN.
     *
     * @param observations what {@link #observe} returned for the same requests (nulls when the metric needs nothing)
     * @param edited the model after the edit (or before it, for the pre-edit scores)
     * @param requests the requests applied
     */
    List<Map<String, Double>> score(LanguageModel edited, List<EditRequest> requests, List<S> observations);
}
