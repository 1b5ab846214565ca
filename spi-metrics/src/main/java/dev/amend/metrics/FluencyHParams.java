package dev.amend.metrics;

import dev.amend.api.HParam;
import dev.amend.api.HParams;

/**
 * Fluency's hparams.
 */
public record FluencyHParams(
        @HParam(value = "prompt plus continuation, in tokens (the max_out_len argument of EasyEdit's "
                + "test_generation, 100)", easyEdit = HParam.AMEND_ONLY)
        int maxOutLen) implements HParams {

    public FluencyHParams {
        if (maxOutLen < 1) {
            throw new IllegalArgumentException("max_out_len must be at least 1, got " + maxOutLen);
        }
    }
}
