package dev.amend.methods.alphaedit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.amend.api.IgnoredKeys;
import dev.amend.methods.locate.FactToken;
import dev.amend.methods.memit.MemitSettings;
import java.util.List;

/**
 * AlphaEdit's hparams, in EasyEdit's keys: MEMIT's plus {@code nullspace_threshold} and {@code L2}. EasyEdit's
 * {@code P_loc} (a PyTorch pickle of the projectors) is ignored: the projectors are computed here from the statistics.
 * {@code mom2_update_weight} is accepted for MEMIT compatibility; AlphaEdit's solve does not use it.
 *
 * @param nullspaceThreshold eigenvalues of {@code C} under this span the null space the update is projected into
 * @param l2                 {@code L2}: ridge term of the solve
 */
@IgnoredKeys({"P_loc", "layer_selection", "v_loss_layer", "mom2_adjustment", "layer_module_tmp", "mlp_module_tmp",
        "attn_module_tmp", "ln_f_module", "lm_head_module", "max_length", "batch_size"})
public record AlphaEditHParams(List<Integer> layers, String factToken, int vNumGradSteps, double vLr,
                               double vWeightDecay, double clampNormFactor, double klFactor, double mom2UpdateWeight,
                               String rewriteModuleTmp, String mom2Dataset,
                               @JsonProperty("mom2_n_samples") int mom2NSamples, String mom2Dtype, String statsDir,
                               double nullspaceThreshold, @JsonProperty("L2") double l2,
                               List<List<Integer>> contextTemplateLengthParams, boolean throughUpdate)
        implements MemitSettings {

    public AlphaEditHParams {
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("layers must list at least one layer");
        }
        layers = layers.stream().sorted().distinct().toList();
        if (layers.get(0) < 0) {
            throw new IllegalArgumentException("layers must be >= 0, got " + layers);
        }
        FactToken.parse(factToken);
        if (vNumGradSteps <= 0 || vLr <= 0) {
            throw new IllegalArgumentException("v_num_grad_steps and v_lr must be > 0");
        }
        if (vWeightDecay < 0 || klFactor < 0 || clampNormFactor <= 0) {
            throw new IllegalArgumentException("v_weight_decay and kl_factor must be >= 0, clamp_norm_factor > 0");
        }
        if (nullspaceThreshold <= 0 || l2 < 0) {
            throw new IllegalArgumentException("nullspace_threshold must be > 0 and L2 >= 0");
        }
        if (rewriteModuleTmp == null || !rewriteModuleTmp.contains("{}")) {
            throw new IllegalArgumentException("rewrite_module_tmp must be a module template with {} for the layer, got "
                    + rewriteModuleTmp);
        }
        if (mom2Dataset == null || mom2Dataset.isBlank() || statsDir == null || mom2NSamples <= 0) {
            throw new IllegalArgumentException("AlphaEdit needs mom2_dataset, stats_dir and mom2_n_samples > 0");
        }
        contextTemplateLengthParams = contextTemplateLengthParams == null ? List.of()
                : contextTemplateLengthParams.stream().map(List::copyOf).toList();
    }
}
