package dev.amend.registry;

import dev.amend.api.edit.EditRequest;
import java.util.Map;

/**
 * Scores of one request, as EasyEdit reports them.
 *
 * @param request the request
 * @param pre     every metric on the unedited model
 * @param post    every metric on the edited model
 */
public record RequestScores(EditRequest request, Map<String, Double> pre, Map<String, Double> post) {}
