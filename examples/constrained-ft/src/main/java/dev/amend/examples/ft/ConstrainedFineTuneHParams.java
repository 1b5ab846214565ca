package dev.amend.examples.ft;

import dev.amend.api.HParams;
import dev.amend.api.IgnoredKeys;
import java.util.List;

/**
 * Hparams of {@code constrained-ft}, in EasyEdit's FT keys.
 *
 * @param layers                 the layers whose MLP output projection is tuned
 * @param rewriteModuleTmp       the module template of that projection (EasyEdit's {@code rewrite_module_tmp}),
 *                               resolved by the model adapter
 * @param numSteps               Adam steps
 * @param lr                     Adam learning rate
 * @param weightDecay            decoupled weight decay (AdamW)
 * @param normConstraint         L∞ bound on each weight change (0 for none)
 * @param objectiveOptimization  the loss: only {@code target_new} (cross-entropy on the new target's tokens, FT-M)
 */
@IgnoredKeys({"batch_size", "max_length", "kl_factor"})
public record ConstrainedFineTuneHParams(List<Integer> layers, String rewriteModuleTmp, int numSteps, double lr,
                                         double weightDecay, double normConstraint, String objectiveOptimization)
        implements HParams {

    public ConstrainedFineTuneHParams {
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("layers must list at least one layer");
        }
        layers = List.copyOf(layers);
        if (rewriteModuleTmp == null || !rewriteModuleTmp.contains("{}")) {
            throw new IllegalArgumentException("rewrite_module_tmp must be a module template with {} for the layer, got "
                    + rewriteModuleTmp);
        }
        if (numSteps <= 0) {
            throw new IllegalArgumentException("num_steps must be > 0, got " + numSteps);
        }
        if (lr <= 0) {
            throw new IllegalArgumentException("lr must be > 0, got " + lr);
        }
        if (weightDecay < 0) {
            throw new IllegalArgumentException("weight_decay must be >= 0, got " + weightDecay);
        }
        if (normConstraint < 0) {
            throw new IllegalArgumentException("norm_constraint must be >= 0 (0 = unbounded), got " + normConstraint);
        }
        if (!"target_new".equals(objectiveOptimization)) {
            throw new IllegalArgumentException("objective_optimization must be target_new (the only objective this "
                    + "method has), got " + objectiveOptimization);
        }
    }
}
