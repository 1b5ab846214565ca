package dev.amend.methods.alphaedit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.amend.api.IgnoredKeys;
import dev.amend.methods.locate.Checks;
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
                               List<List<Integer>> contextTemplateLengthParams, boolean throughUpdate,
                               List<String> contextTemplateSeeds, String contextTemplatesAt)
        implements MemitSettings {

    public AlphaEditHParams {
        layers = Checks.layers(layers);
        Checks.target(factToken, vNumGradSteps, vLr, vWeightDecay, klFactor, clampNormFactor);
        if (nullspaceThreshold <= 0 || l2 < 0) {
            throw new IllegalArgumentException("nullspace_threshold must be > 0 and L2 >= 0");
        }
        Checks.moduleTemplate(rewriteModuleTmp);
        Checks.statistics("AlphaEdit", mom2Dataset, statsDir, mom2NSamples);
        contextTemplateLengthParams = Checks.lengthParams(contextTemplateLengthParams, MemitSettings.EASYEDIT_CONTEXTS);
        Checks.contexts(contextTemplateSeeds, contextTemplatesAt);
    }
}
