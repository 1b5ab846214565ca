package dev.amend.metrics;

import dev.amend.api.NoHParams;
import dev.amend.toolkit.provider.MetricProviderBase;

/**
 * EasyEdit's generation-based scoring ({@link VanillaGeneration}), the evaluation EasyEdit runs for GRACE: opt-in,
 * as it generates; its scores ({@code reliability_gen}, ...) sit beside the teacher-forced metrics, and each report's
 * metric lines say which scoring produced which figure.
 */
public final class VanillaGenerationProvider extends MetricProviderBase<NoHParams> {

    /** Describes the metric; does no work. */
    public VanillaGenerationProvider() {
        super("vanilla-generation",
                "EasyEdit's GRACE scoring: greedy generation of the answer's length compared token by token with the "
                        + "answer tokenized alone (reliability_gen, generalization_gen, portability_gen, locality_gen)",
                NoHParams.class, false, h -> new VanillaGeneration());
    }
}
