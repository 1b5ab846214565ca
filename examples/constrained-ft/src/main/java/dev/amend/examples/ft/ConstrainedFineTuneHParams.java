package dev.amend.examples.ft;

import dev.amend.api.HParam;
import dev.amend.api.HParams;
import dev.amend.api.IgnoredKeys;
import java.util.List;

// tag::record[]
/**
 * Hparams of {@code constrained-ft}, in EasyEdit's FT keys.
 */
@IgnoredKeys({"batch_size", "max_length", "kl_factor"})
public record ConstrainedFineTuneHParams(
        @HParam("the layers whose MLP output projection is tuned")
        List<Integer> layers,
        @HParam("the module template of that projection, with {} for the layer, resolved by the model adapter; it "
                + "must name an MLP output projection")
        String rewriteModuleTmp,
        @HParam("AdamW steps, each on all the requests at once; > 0")
        int numSteps,
        @HParam("AdamW's learning rate; > 0")
        double lr,
        @HParam("AdamW's decoupled weight decay, which shrinks the change ΔW (not W) toward 0; ≥ 0")
        double weightDecay,
        @HParam("L∞ bound on each entry of ΔW, applied after every step; ≥ 0, 0 for none")
        double normConstraint,
        @HParam("the loss: only target_new (cross-entropy on the new target's tokens, FT-M)")
        String objectiveOptimization)
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
// end::record[]
