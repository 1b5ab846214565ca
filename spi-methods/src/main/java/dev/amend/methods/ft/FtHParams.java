package dev.amend.methods.ft;

import dev.amend.api.HParam;
import dev.amend.api.HParams;
import dev.amend.api.IgnoredKeys;
import dev.amend.methods.locate.Checks;
import dev.amend.methods.locate.KeyDocs;
import java.util.List;

/**
 * FT's hparams, in EasyEdit's keys (EasyEdit's ft/ft_hparams.py). FT-L is {@code objective_optimization: prompt_last}
 * with a {@code norm_constraint}; FT-M is {@code target_new} (cross-entropy on the target's tokens after the prompt).
 * Amend tunes the weight matrix the module template names; EasyEdit tunes every parameter whose name contains the
 * template, so a template without {@code .weight} (gpt2-xl's {@code transformer.h.{}.mlp.c_proj}) also tunes the bias
 * there (a deviation Amend keeps: its edits are weight matrices).
 *
 * <p>{@code target_tokens} is Amend's own key: {@code alone} (the default, EasyEdit's ft_main.py execute_ft) scores
 * the tokens of {@code " " + target} tokenized on its own with the tokenizer's special tokens (a BOS on LLaMA-style
 * tokenizers, and on SentencePiece a lone "▁" where {@code "▁▁word"} is not one piece); {@code in_context} scores the
 * target's tokens as they follow the prompt (Amend's cleaner variant). It applies to {@code prompt_last} only;
 * {@code target_new} always reads the target in context, as EasyEdit.
 */
@IgnoredKeys({"kl_factor", "max_length", "layer_module_tmp", "mlp_module_tmp", "attn_module_tmp", "ln_f_module",
        "lm_head_module"})
public record FtHParams(
        @HParam("the layers whose rewrite_module_tmp weight is tuned (sorted, repeats dropped)")
        List<Integer> layers,
        @HParam("passes over the requests, fewer once a pass's mean loss is under 0.01 (a batch already under it "
                + "takes no step); ≥ 1")
        int numSteps,
        @HParam(KeyDocs.REQUESTS_PER_BATCH)
        int batchSize,
        @HParam(KeyDocs.ADAM_LR)
        double lr,
        @HParam(KeyDocs.ADAM_WEIGHT_DECAY)
        double weightDecay,
        @HParam(value = "L∞ bound on each weight's change from its value before the edit, enforced after every "
                + "step (FT-L); false, null or 0 for none", type = "number or false")
        NormConstraint normConstraint,
        @HParam("prompt_last (every target token scored at the prompt's last position, as ROME's FT baseline: FT-L) "
                + "or target_new (the target's tokens teacher-forced after the prompt: FT-M)")
        String objectiveOptimization,
        @HParam(value = "prompt_last's target tokens: alone (EasyEdit: \" \" + target tokenized on its own, "
                + "special tokens included) or in_context (the target's tokens after the prompt)",
                easyEdit = HParam.AMEND_ONLY)
        String targetTokens,
        @HParam("the tuned weight as a module template with {} for the layer (e.g. transformer.h.{}.mlp.c_proj), "
                + "resolved by the model adapter; Amend tunes the matrix, EasyEdit also its bias")
        String rewriteModuleTmp)
        implements HParams {

    /** {@code target_tokens}: EasyEdit's {@code " " + target} tokenized on its own. */
    public static final String TARGET_ALONE = "alone";
    /** {@code target_tokens}: the target's tokens as they follow the prompt. */
    public static final String TARGET_IN_CONTEXT = "in_context";

    public FtHParams {
        layers = Checks.layers(layers);
        if (numSteps <= 0 || batchSize <= 0 || lr <= 0 || weightDecay < 0) {
            throw new IllegalArgumentException("num_steps, batch_size and lr must be > 0, weight_decay >= 0");
        }
        normConstraint = normConstraint == null ? NormConstraint.NONE : normConstraint;
        List<String> objectives = List.of("prompt_last", "target_new");
        if (!objectives.contains(objectiveOptimization)) {
            throw new IllegalArgumentException("objective_optimization must be one of " + objectives + ", got "
                    + objectiveOptimization);
        }
        targetTokens = targetTokens == null ? TARGET_ALONE : targetTokens;
        if (!List.of(TARGET_ALONE, TARGET_IN_CONTEXT).contains(targetTokens)) {
            throw new IllegalArgumentException("target_tokens must be alone or in_context, got " + targetTokens);
        }
        Checks.moduleTemplate(rewriteModuleTmp);
    }
}
