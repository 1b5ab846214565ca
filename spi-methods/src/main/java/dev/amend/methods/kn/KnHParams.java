package dev.amend.methods.kn;

import dev.amend.api.HParam;
import dev.amend.api.HParams;
import dev.amend.api.IgnoredKeys;

/**
 * KN's hparams, in EasyEdit's keys.
 */
@IgnoredKeys({"lr_scale", "n_toks", "max_length"})
public record KnHParams(
        @HParam("integrated-gradient steps from zero to each neuron's activation, per answer token; > 0 and a "
                + "multiple of batch_size")
        int steps,
        @HParam("integrated-gradient steps per forward pass; > 0")
        int batchSize,
        @HParam("a neuron (of any layer) is kept when its attribution exceeds this fraction of the largest one; in "
                + "(0, 1]")
        double adaptiveThreshold,
        @HParam("refine's threshold: a neuron found in more than this share of the prompts is kept; checked to be "
                + "in [0, 1), but without effect, as in EasyEdit: an edit has one prompt, whose neurons all pass")
        double p,
        @HParam("keep only the neurons shared by more than p of the prompts; accepted but without effect, as in "
                + "EasyEdit: the neurons come from the edit's one prompt")
        boolean refine)
        implements HParams {

    public KnHParams {
        if (steps <= 0 || batchSize <= 0 || steps % batchSize != 0) {
            throw new IllegalArgumentException("steps and batch_size must be > 0 and steps a multiple of batch_size, got "
                    + steps + " and " + batchSize);
        }
        if (adaptiveThreshold <= 0 || adaptiveThreshold > 1) {
            throw new IllegalArgumentException("adaptive_threshold must be in (0, 1], got " + adaptiveThreshold);
        }
        if (p < 0 || p >= 1) {
            throw new IllegalArgumentException("p must be in [0, 1), got " + p);
        }
    }
}
