package dev.amend.methods.memit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.amend.api.HParam;
import dev.amend.api.IgnoredKeys;
import dev.amend.methods.locate.Checks;
import dev.amend.methods.locate.KeyDocs;
import java.util.List;

/**
 * MEMIT's hparams, in EasyEdit's keys (an EasyEdit {@code hparams/MEMIT/*.yaml} loads as is and means what EasyEdit's
 * {@code memit/memit_main.py} does with it). As in EasyEdit, the statistics are always used ({@code mom2_adjustment}
 * and {@code layer_selection} are accepted and ignored), and the loss is read on the model's logits: every EasyEdit
 * file sets {@code v_loss_layer} to the last layer, where its {@code max(v_loss_layer, layer)} reads them too.
 * {@code batch_size} is the runner's business (one apply call is one batch; EasyEdit's files carry none, so its
 * dataclass default 1 applies there). Module pointers other than {@code rewrite_module_tmp} are ignored: Amend reaches
 * activations through hook sites. {@code fact_token: last}, which EasyEdit's MEMIT refuses, is an Amend extension.
 */
@IgnoredKeys({"layer_selection", "v_loss_layer", "mom2_adjustment", "layer_module_tmp", "mlp_module_tmp",
        "attn_module_tmp", "ln_f_module", "lm_head_module", "max_length", "batch_size"})
public record MemitHParams(
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
        @HParam("λ, the weight of the preserved keys' statistics C against the new keys K in the update "
                + "ΔW = R Kᵀ (λC + K Kᵀ)⁻¹; > 0")
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
        @HParam(value = KeyDocs.MEMIT_CONTEXT_TEMPLATE_LENGTH_PARAMS, easyEdit = HParam.AMEND_ONLY)
        List<List<Integer>> contextTemplateLengthParams,
        @HParam(value = KeyDocs.THROUGH_UPDATE, easyEdit = HParam.AMEND_ONLY)
        boolean throughUpdate,
        @HParam(value = KeyDocs.CONTEXT_TEMPLATE_SEEDS, easyEdit = HParam.AMEND_ONLY)
        List<String> contextTemplateSeeds,
        @HParam(value = KeyDocs.CONTEXT_TEMPLATES_AT, easyEdit = HParam.AMEND_ONLY)
        String contextTemplatesAt)
        implements MemitSettings {

    public MemitHParams {
        layers = Checks.layers(layers);
        Checks.target(factToken, vNumGradSteps, vLr, vWeightDecay, klFactor, clampNormFactor);
        if (mom2UpdateWeight <= 0) {
            throw new IllegalArgumentException("mom2_update_weight must be > 0, got " + mom2UpdateWeight);
        }
        Checks.moduleTemplate(rewriteModuleTmp);
        Checks.statistics("MEMIT", mom2Dataset, statsDir, mom2NSamples);
        contextTemplateLengthParams = Checks.lengthParams(contextTemplateLengthParams, MemitSettings.easyEditContexts());
        Checks.contexts(contextTemplateSeeds, contextTemplatesAt);
    }
}
