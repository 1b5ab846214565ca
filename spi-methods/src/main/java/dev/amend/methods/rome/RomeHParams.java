package dev.amend.methods.rome;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.amend.api.HParams;
import dev.amend.api.IgnoredKeys;
import dev.amend.methods.locate.FactToken;
import dev.amend.methods.locate.StatsHParams;
import dev.amend.methods.locate.TargetHParams;
import java.util.List;

/**
 * ROME's hparams, in EasyEdit's keys (an EasyEdit {@code hparams/ROME/*.yaml} loads as is). Module pointers other
 * than {@code rewrite_module_tmp} are accepted and ignored: Amend reaches activations through hook sites, and the
 * loss is always taken on the model's own logits (EasyEdit's {@code v_loss_layer} is the last layer).
 *
 * @param layers                      the layers to edit, one rank-one update each, in increasing order
 * @param factToken                   where the key is read and the value written ({@code subject_last}, ...)
 * @param contextTemplateLengthParams {@code [[max_out_len, n_gen], ...]} of the generated context templates
 * @param mom2Adjustment              whether the key direction is whitened by {@code C⁻¹}
 * @param enablePromptKeys            EasyEdit's flag; with {@code fact_token: last} it is refused, as in EasyEdit
 * @param enableRandomPrefixKeys      average keys and values over context templates (EasyEdit's default)
 * @param originalImplementation      the paper's mix: keys averaged over contexts, values from the prompt alone
 * @param throughUpdate               Amend's option (DESIGN §7): optimise v* through the rank-one update itself
 */
@IgnoredKeys({"v_loss_layer", "layer_module_tmp", "mlp_module_tmp", "attn_module_tmp", "ln_f_module",
        "lm_head_module", "max_length"})
public record RomeHParams(List<Integer> layers, String factToken, int vNumGradSteps, double vLr, double vWeightDecay,
                          double clampNormFactor, double klFactor, boolean mom2Adjustment,
                          List<List<Integer>> contextTemplateLengthParams, String rewriteModuleTmp,
                          String mom2Dataset, @JsonProperty("mom2_n_samples") int mom2NSamples, String mom2Dtype, String statsDir,
                          boolean enablePromptKeys, boolean enableRandomPrefixKeys, boolean originalImplementation,
                          boolean throughUpdate) implements HParams, TargetHParams, StatsHParams {

    public RomeHParams {
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("layers must list at least one layer");
        }
        layers = layers.stream().sorted().toList();
        if (layers.stream().anyMatch(l -> l < 0)) {
            throw new IllegalArgumentException("layers must be >= 0, got " + layers);
        }
        FactToken token = FactToken.parse(factToken);
        if (token == FactToken.LAST && enablePromptKeys) {
            throw new IllegalArgumentException("fact_token 'last' is not supported with enable_prompt_keys");
        }
        if (vNumGradSteps <= 0 || vLr <= 0) {
            throw new IllegalArgumentException("v_num_grad_steps and v_lr must be > 0");
        }
        if (vWeightDecay < 0 || klFactor < 0 || clampNormFactor <= 0) {
            throw new IllegalArgumentException("v_weight_decay and kl_factor must be >= 0, clamp_norm_factor > 0");
        }
        contextTemplateLengthParams = contextTemplateLengthParams == null ? List.of()
                : contextTemplateLengthParams.stream().map(List::copyOf).toList();
        if (rewriteModuleTmp == null || !rewriteModuleTmp.contains("{}")) {
            throw new IllegalArgumentException("rewrite_module_tmp must be a module template with {} for the layer, got "
                    + rewriteModuleTmp);
        }
        if (mom2Adjustment && (mom2Dataset == null || statsDir == null || mom2NSamples <= 0)) {
            throw new IllegalArgumentException("mom2_adjustment needs mom2_dataset, stats_dir and mom2_n_samples > 0");
        }
    }
}
