package dev.amend.methods.rome;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.amend.api.HParam;
import dev.amend.api.HParams;
import dev.amend.api.IgnoredKeys;
import dev.amend.methods.locate.Checks;
import dev.amend.methods.locate.ContextHParams;
import dev.amend.methods.locate.FactToken;
import dev.amend.methods.locate.KeyDocs;
import dev.amend.methods.locate.StatsHParams;
import dev.amend.methods.locate.TargetHParams;
import java.util.List;

/**
 * ROME's hparams, in EasyEdit's keys (an EasyEdit {@code hparams/ROME/*.yaml} loads as is). Module pointers other
 * than {@code rewrite_module_tmp} are accepted and ignored: Amend reaches activations through hook sites, and the
 * loss is always taken on the model's own logits (EasyEdit's {@code v_loss_layer} is the last layer). The keys
 * {@code enable_prompt_keys}, {@code enable_random_prefix_keys} and {@code original_implementation} are R-ROME's
 * (EasyEdit's {@code hparams/R-ROME} files).
 */
@IgnoredKeys({"v_loss_layer", "layer_module_tmp", "mlp_module_tmp", "attn_module_tmp", "ln_f_module",
        "lm_head_module", "max_length"})
public record RomeHParams(
        @HParam("the layers to edit, one rank-one update of the MLP output projection each, in increasing order "
                + "(repeats dropped), each made on top of the previous ones")
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
        @HParam("whether the key direction is whitened: ℓ = C⁻¹k / ‖C⁻¹k‖ with the statistics below (then "
                + "mom2_dataset and mom2_n_samples must be set; stats_dir null is the per-user cache), else "
                + "ℓ = k / ‖k‖")
        boolean mom2Adjustment,
        @HParam(KeyDocs.CONTEXT_TEMPLATE_LENGTH_PARAMS)
        List<List<Integer>> contextTemplateLengthParams,
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
        @HParam("EasyEdit's R-ROME flag for keys from the prompt alone, which its code only checks; Amend only "
                + "refuses it with fact_token last, as EasyEdit does: enable_random_prefix_keys decides")
        boolean enablePromptKeys,
        @HParam("EasyEdit's R-ROME flag (true by default, as in R-ROME): the key k and current value v of the "
                + "update r = (v* − v) / (kᵀℓ), and ℓ, are averaged over the context templates; false: taken from "
                + "the prompt alone (ℓ too, unless original_implementation)")
        boolean enableRandomPrefixKeys,
        @HParam("EasyEdit's R-ROME flag for ROME's original mix, which EasyEdit's ROME runs: ℓ from the key "
                + "averaged over the context templates even when enable_random_prefix_keys is false (k and v then "
                + "from the prompt alone)")
        boolean originalImplementation,
        @HParam(value = KeyDocs.THROUGH_UPDATE, easyEdit = HParam.AMEND_ONLY)
        boolean throughUpdate,
        @HParam(value = KeyDocs.CONTEXT_TEMPLATE_SEEDS, easyEdit = HParam.AMEND_ONLY)
        List<String> contextTemplateSeeds,
        @HParam(value = KeyDocs.CONTEXT_TEMPLATES_AT, easyEdit = HParam.AMEND_ONLY)
        String contextTemplatesAt)
        implements HParams, TargetHParams, StatsHParams, ContextHParams {

    public RomeHParams {
        layers = Checks.layers(layers);
        Checks.target(factToken, vNumGradSteps, vLr, vWeightDecay, klFactor, clampNormFactor);
        if (FactToken.parse(factToken) == FactToken.LAST && enablePromptKeys) {
            throw new IllegalArgumentException("fact_token 'last' is not supported with enable_prompt_keys");
        }
        contextTemplateLengthParams = Checks.lengthParams(contextTemplateLengthParams, List.of());
        Checks.contexts(contextTemplateSeeds, contextTemplatesAt);
        Checks.moduleTemplate(rewriteModuleTmp);
        if (mom2Adjustment) {
            Checks.statistics("mom2_adjustment", mom2Dataset, statsDir, mom2NSamples);
        }
    }
}
