package dev.amend.metrics;

import dev.amend.api.HParams;

/**
 * Fluency's hparams.
 *
 * @param maxOutLen prompt plus continuation, in tokens (EasyEdit's {@code max_out_len}, 100)
 */
public record FluencyHParams(int maxOutLen) implements HParams {

    public FluencyHParams {
        if (maxOutLen < 1) {
            throw new IllegalArgumentException("max_out_len must be at least 1, got " + maxOutLen);
        }
    }
}
