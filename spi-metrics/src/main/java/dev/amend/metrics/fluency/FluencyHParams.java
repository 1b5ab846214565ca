package dev.amend.metrics.fluency;

import dev.amend.api.HParam;
import dev.amend.api.HParams;

/**
 * Fluency's hparams.
 */
public record FluencyHParams(
        @HParam(value = "tokens of the text whose n-gram entropy is scored: the prompt and its greedy continuation "
                + "up to this many in all, within the model's context (encoder-decoder models: this many continuation "
                + "tokens); ≥ 1. EasyEdit fixes it in code: max_out_len=100 in its test_generation_quality calls",
                easyEdit = HParam.AMEND_ONLY)
        int maxOutLen) implements HParams {

    public FluencyHParams {
        if (maxOutLen < 1) {
            throw new IllegalArgumentException("max_out_len must be at least 1, got " + maxOutLen);
        }
    }
}
