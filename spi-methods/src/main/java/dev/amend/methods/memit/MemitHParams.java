package dev.amend.methods.memit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.amend.api.IgnoredKeys;
import dev.amend.methods.locate.Checks;
import java.util.List;

/**
 * MEMIT's hparams, in EasyEdit's keys (an EasyEdit {@code hparams/MEMIT/*.yaml} loads as is). As in EasyEdit, the
 * statistics are always used ({@code mom2_adjustment} is accepted and ignored), and {@code batch_size} is the runner's
 * business (one apply call is one batch). Module pointers other than {@code rewrite_module_tmp} are ignored: Amend
 * reaches activations through hook sites.
 *
 * @param layers                      the layers the update is spread over; the target is set after the last one
 * @param mom2UpdateWeight            λ: weight of the preserved keys' statistics against the new keys
 * @param contextTemplateLengthParams the generated context templates ({@code [[10, 5]]}, EasyEdit's fixed choice,
 *                                    when absent)
 * @param throughUpdate               Amend's option (DESIGN §7): optimise each target through the layers' updates
 * @param contextTemplateSeeds        Amend's option: the words context texts are generated from (EasyEdit's five)
 * @param contextTemplatesAt          Amend's option: {@code prompt} (EasyEdit) or {@code subject}, see
 *                                    {@link dev.amend.methods.locate.ContextHParams}
 */
@IgnoredKeys({"layer_selection", "v_loss_layer", "mom2_adjustment", "layer_module_tmp", "mlp_module_tmp",
        "attn_module_tmp", "ln_f_module", "lm_head_module", "max_length", "batch_size"})
public record MemitHParams(List<Integer> layers, String factToken, int vNumGradSteps, double vLr, double vWeightDecay,
                           double clampNormFactor, double klFactor, double mom2UpdateWeight, String rewriteModuleTmp,
                           String mom2Dataset, @JsonProperty("mom2_n_samples") int mom2NSamples, String mom2Dtype,
                           String statsDir, List<List<Integer>> contextTemplateLengthParams, boolean throughUpdate,
                           List<String> contextTemplateSeeds, String contextTemplatesAt)
        implements MemitSettings {

    public MemitHParams {
        layers = Checks.layers(layers);
        Checks.target(factToken, vNumGradSteps, vLr, vWeightDecay, klFactor, clampNormFactor);
        if (mom2UpdateWeight <= 0) {
            throw new IllegalArgumentException("mom2_update_weight must be > 0, got " + mom2UpdateWeight);
        }
        Checks.moduleTemplate(rewriteModuleTmp);
        Checks.statistics("MEMIT", mom2Dataset, statsDir, mom2NSamples);
        contextTemplateLengthParams = Checks.lengthParams(contextTemplateLengthParams, MemitSettings.EASYEDIT_CONTEXTS);
        Checks.contexts(contextTemplateSeeds, contextTemplatesAt);
    }
}
