package dev.amend.methods.alphaedit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.amend.api.HParam;
import dev.amend.api.IgnoredKeys;
import dev.amend.methods.locate.Checks;
import dev.amend.methods.locate.KeyDocs;
import dev.amend.methods.memit.MemitSettings;
import java.util.List;

/**
 * AlphaEdit's hparams, in EasyEdit's keys: MEMIT's plus {@code nullspace_threshold} and {@code L2}, and Amend's
 * {@code earlier_keys} (which earlier edits' keys count: every call's by default, EasyEdit's {@code cache_c}).
 * EasyEdit's {@code P_loc} (a PyTorch pickle of the projectors) is ignored: the projectors are computed here from the
 * statistics.
 * {@code mom2_update_weight} is accepted for MEMIT compatibility; AlphaEdit's solve does not use it.
 */
@IgnoredKeys({"P_loc", "layer_selection", "v_loss_layer", "mom2_adjustment", "layer_module_tmp", "mlp_module_tmp",
        "attn_module_tmp", "ln_f_module", "lm_head_module", "max_length", "batch_size"})
public record AlphaEditHParams(
        @HParam(KeyDocs.SPREAD_LAYERS)
        List<Integer> layers,
        @HParam(KeyDocs.FACT_TOKEN)
        String factToken,
        @HParam(KeyDocs.V_NUM_GRAD_STEPS)
        int vNumGradSteps,
        @HParam(KeyDocs.V_LR)
        double vLr,
        @HParam(KeyDocs.V_WEIGHT_DECAY)
        double vWeightDecay,
        @HParam(KeyDocs.CLAMP_NORM_FACTOR)
        double clampNormFactor,
        @HParam(KeyDocs.KL_FACTOR)
        double klFactor,
        @HParam("accepted but unused (and unchecked): AlphaEdit's solve has no λ; EasyEdit's AlphaEdit files carry "
                + "it over from MEMIT's and do not use it either")
        double mom2UpdateWeight,
        @HParam(KeyDocs.REWRITE_MODULE_TMP)
        String rewriteModuleTmp,
        @HParam(KeyDocs.MOM2_DATASET)
        String mom2Dataset,
        @HParam(KeyDocs.MOM2_N_SAMPLES)
        @JsonProperty("mom2_n_samples") int mom2NSamples,
        @HParam(KeyDocs.MOM2_DTYPE)
        String mom2Dtype,
        @HParam(KeyDocs.STATS_DIR)
        String statsDir,
        @HParam("the eigenvectors of the key statistics C whose eigenvalues are under this span the null space "
                + "the update is projected into, so that the preserved keys' outputs do not move; > 0")
        double nullspaceThreshold,
        @HParam("α, the ridge term of AlphaEdit's solve D = (P (K Kᵀ + K₀K₀ᵀ) + α I)⁻¹ P K (P the null-space "
                + "projector, K₀ earlier edits' keys); ≥ 0")
        @JsonProperty("L2") double l2,
        @HParam(value = "which earlier edits' keys K₀ the update avoids: all_calls (EasyEdit's cache_c, the default: "
                + "every AlphaEdit call made on this loaded model, also those reverted since, as EasyEdit's editor "
                + "restores weights but never cache_c) or in_force (Amend's option: the edits in force on the weights "
                + "edited, so that a revert or a non-sequential run forgets them); either way each edit saves the "
                + "earlier keys it was made with and its own", easyEdit = HParam.AMEND_ONLY)
        String earlierKeys,
        @HParam(value = KeyDocs.MEMIT_CONTEXT_TEMPLATE_LENGTH_PARAMS, easyEdit = HParam.AMEND_ONLY)
        List<List<Integer>> contextTemplateLengthParams,
        @HParam(value = KeyDocs.THROUGH_UPDATE, easyEdit = HParam.AMEND_ONLY)
        boolean throughUpdate,
        @HParam(value = KeyDocs.CONTEXT_TEMPLATE_SEEDS, easyEdit = HParam.AMEND_ONLY)
        List<String> contextTemplateSeeds,
        @HParam(value = KeyDocs.CONTEXT_TEMPLATES_AT, easyEdit = HParam.AMEND_ONLY)
        String contextTemplatesAt)
        implements MemitSettings {

    public AlphaEditHParams {
        layers = Checks.layers(layers);
        Checks.target(factToken, vNumGradSteps, vLr, vWeightDecay, klFactor, clampNormFactor);
        if (nullspaceThreshold <= 0 || l2 < 0) {
            throw new IllegalArgumentException("nullspace_threshold must be > 0 and L2 >= 0");
        }
        earlierKeys = EarlierKeys.mode(earlierKeys);
        Checks.moduleTemplate(rewriteModuleTmp);
        Checks.statistics("AlphaEdit", mom2Dataset, statsDir, mom2NSamples);
        contextTemplateLengthParams = Checks.lengthParams(contextTemplateLengthParams, MemitSettings.easyEditContexts());
        Checks.contexts(contextTemplateSeeds, contextTemplatesAt);
    }
}
