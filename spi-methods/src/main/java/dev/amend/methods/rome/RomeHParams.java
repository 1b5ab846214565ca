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
 * ROME's and R-ROME's hparams, in EasyEdit's keys: an EasyEdit {@code hparams/ROME/*.yaml} loads as is for {@code rome},
 * an {@code hparams/R-ROME/*.yaml} for {@code r-rome}. Module pointers other than {@code rewrite_module_tmp} are
 * accepted and ignored: Amend reaches activations through hook sites, and the loss is always taken on the model's own
 * logits (EasyEdit's {@code v_loss_layer} is the last layer).
 *
 * <p>The update form. EasyEdit's ROME ({@code rome/compute_u.py}, {@code compute_v.py}) averages the key over the
 * context templates only for the direction {@code ℓ = C⁻¹k̄ / ‖C⁻¹k̄‖} and takes the key {@code k} and current value
 * {@code v} of {@code r = (v* − v) / (kᵀℓ)} from the bare prompt. R-ROME ({@code r_rome/}) adds three keys:
 * {@code enable_random_prefix_keys} (its default: {@code ℓ}, {@code k} and {@code v} all averaged over the templates),
 * {@code enable_prompt_keys} (all from the bare prompt) and {@code original_implementation} (ROME's mix, {@code ℓ}
 * averaged, whatever the others say). {@code rome}'s defaults are {@code original_implementation: true,
 * enable_random_prefix_keys: false}, ROME's form; {@code r-rome}'s are R-ROME's. Other R-ROME difference:
 * EasyEdit's R-ROME tokenizes the target with special tokens and drops a first BOS or UNK, ROME without special tokens;
 * the two differ only when the target's own first token is UNK, which Amend does not reproduce (both tokenize as ROME).
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
        @HParam("R-ROME's flag for keys from the prompt alone (false in rome and r-rome); unless "
                + "original_implementation, exactly one of it and enable_random_prefix_keys must be true (EasyEdit's "
                + "apply_r_rome_to_model), and fact_token last refuses it: enable_random_prefix_keys decides the rest")
        boolean enablePromptKeys,
        @HParam("R-ROME's flag (r-rome: true; rome: false): the key k and current value v of the update "
                + "r = (v* − v) / (kᵀℓ), and ℓ, are averaged over the context templates; false: k and v from the "
                + "bare prompt (ℓ too, unless original_implementation)")
        boolean enableRandomPrefixKeys,
        @HParam("R-ROME's flag for ROME's original mix (rome: true, EasyEdit's ROME; r-rome: false): ℓ from the "
                + "key averaged over the context templates even when enable_random_prefix_keys is false (k and v "
                + "then from the bare prompt)")
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
        if (!originalImplementation && enablePromptKeys == enableRandomPrefixKeys) {
            throw new IllegalArgumentException("enable_prompt_keys and enable_random_prefix_keys are both "
                    + enablePromptKeys + ": set exactly one (or original_implementation), as EasyEdit's R-ROME asks");
        }
        contextTemplateLengthParams = Checks.lengthParams(contextTemplateLengthParams, List.of());
        Checks.contexts(contextTemplateSeeds, contextTemplatesAt);
        Checks.moduleTemplate(rewriteModuleTmp);
        if (mom2Adjustment) {
            Checks.statistics("mom2_adjustment", mom2Dataset, statsDir, mom2NSamples);
        }
    }
}
