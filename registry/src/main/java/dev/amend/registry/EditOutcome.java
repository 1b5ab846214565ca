package dev.amend.registry;

import dev.amend.api.edit.AppliedEdit;
import java.time.Duration;
import java.util.List;

/**
 * What {@link Editor#edit} did.
 *
 * @param edit          the edit, still in force: {@link AppliedEdit#keep()} it or close it to revert
 * @param scores        per request, the metrics before and after
 * @param applyTime     wall time of the edit itself
 * @param evaluateTime  wall time of the metrics (before and after together)
 */
public record EditOutcome(AppliedEdit edit, List<RequestScores> scores, Duration applyTime, Duration evaluateTime) {}
