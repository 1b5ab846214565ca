package dev.amend.methods.kn;

import dev.amend.api.HParams;
import dev.amend.api.IgnoredKeys;

/**
 * KN's hparams, in EasyEdit's keys.
 *
 * @param steps             integrated-gradient steps from zero to the neuron's activation
 * @param batchSize         steps per forward pass ({@code steps} must be a multiple)
 * @param adaptiveThreshold a neuron is kept when its attribution exceeds this fraction of the largest one
 * @param p                 with {@code refine}, the share of prompts a neuron must be found in
 * @param refine            keep only neurons shared by more than {@code p} of the prompts
 */
@IgnoredKeys({"lr_scale", "n_toks", "max_length"})
public record KnHParams(int steps, int batchSize, double adaptiveThreshold, double p, boolean refine)
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
