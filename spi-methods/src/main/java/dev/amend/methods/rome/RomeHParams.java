package dev.amend.methods.rome;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.amend.api.HParams;
import dev.amend.api.IgnoredKeys;
import dev.amend.methods.locate.Checks;
import dev.amend.methods.locate.ContextHParams;
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
 * @param contextTemplateSeeds        Amend's option: the words context texts are generated from (EasyEdit's five)
 * @param contextTemplatesAt          Amend's option: {@code prompt} (EasyEdit) or {@code subject}, see {@link ContextHParams}
 */
@IgnoredKeys({"v_loss_layer", "layer_module_tmp", "mlp_module_tmp", "attn_module_tmp", "ln_f_module",
        "lm_head_module", "max_length"})
public record RomeHParams(List<Integer> layers, String factToken, int vNumGradSteps, double vLr, double vWeightDecay,
                          double clampNormFactor, double klFactor, boolean mom2Adjustment,
                          List<List<Integer>> contextTemplateLengthParams, String rewriteModuleTmp,
                          String mom2Dataset, @JsonProperty("mom2_n_samples") int mom2NSamples, String mom2Dtype, String statsDir,
                          boolean enablePromptKeys, boolean enableRandomPrefixKeys, boolean originalImplementation,
                          boolean throughUpdate, List<String> contextTemplateSeeds, String contextTemplatesAt)
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
