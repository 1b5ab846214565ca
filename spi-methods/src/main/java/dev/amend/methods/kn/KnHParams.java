package dev.amend.methods.kn;

import dev.amend.api.HParam;
import dev.amend.api.HParams;
import dev.amend.api.IgnoredKeys;
import java.util.List;

/**
 * KN's hparams, in EasyEdit's keys (EasyEdit's kn/kn_hparams.py), plus three keys of Amend's own whose defaults run
 * EasyEdit's knowledge_neurons: {@code neuron_site: pre_activation} (the neurons are the output of the MLP's first
 * projection before the non-linearity, the module EasyEdit patches: GPT-2's {@code c_fc}, GPT-J's {@code fc_in},
 * LLaMA's {@code gate_proj}; {@code key} reads them after it, the paper's neurons), {@code answer_positions: auto}
 * (EasyEdit's choice by model type: GPT-2 and GPT-J score every answer token at the prompt's last position
 * ({@code last}); LLaMA and Qwen append the decoded greedy token to the prompt text and re-tokenize it
 * ({@code greedy_text}); {@code greedy_tokens} appends the greedy token id) and {@code answer_tokens: alone}
 * (the answers tokenized on their own, without a leading space, special tokens included, as EasyEdit's
 * {@code tokenizer.encode(answer)}; {@code in_context}: the answer's tokens after the prompt, and the prediction the
 * edit subtracts generated token by token).
 */
@IgnoredKeys({"lr_scale", "n_toks", "max_length"})
public record KnHParams(
        @HParam("integrated-gradient steps from zero to each neuron's activation, per answer token (the scales are "
                + "torch.linspace(0, 1, steps): steps 1 scores at zero); > 0 and a multiple of batch_size")
        int steps,
        @HParam("integrated-gradient steps per forward pass; > 0")
        int batchSize,
        @HParam("a neuron (of any layer) is kept when its attribution exceeds this fraction of the largest one; in "
                + "[0, 1]")
        double adaptiveThreshold,
        @HParam("refine's threshold: a neuron found in more than this share of the prompts is kept; checked to be "
                + "in [0, 1), but without effect, as in EasyEdit: an edit has one prompt, whose neurons all pass")
        double p,
        @HParam("keep only the neurons shared by more than p of the prompts; accepted but without effect, as in "
                + "EasyEdit: the neurons come from the edit's one prompt")
        boolean refine,
        @HParam(value = "where a neuron is read and scaled: pre_activation (EasyEdit: the MLP's first "
                + "projection's output, LLaMA's gate_proj) or key (after the non-linearity and gating)",
                easyEdit = HParam.AMEND_ONLY)
        String neuronSite,
        @HParam(value = "how a multi-token answer is scored: auto (EasyEdit's choice by model type: last for "
                + "GPT-2/GPT-J and the others, greedy_text for LLaMA and Qwen), last (every token at the prompt's "
                + "last position), greedy_text (the prompt text grows by the decoded greedy token, re-tokenized) or "
                + "greedy_tokens (the prompt grows by the greedy token id)", easyEdit = HParam.AMEND_ONLY)
        String answerPositions,
        @HParam(value = "alone (EasyEdit: ground_truth and target_new tokenized on their own, no leading space, "
                + "special tokens included) or in_context (their tokens after the prompt)",
                easyEdit = HParam.AMEND_ONLY)
        String answerTokens)
        implements HParams {

    /** {@code neuron_site}: the first projection's output, before the non-linearity (EasyEdit). */
    public static final String PRE_ACTIVATION = "pre_activation";
    /** {@code neuron_site}: the MLP key, after the non-linearity. */
    public static final String KEY = "key";
    /** {@code answer_positions}: EasyEdit's choice by model type. */
    public static final String AUTO = "auto";
    /** {@code answer_positions}: every answer token at the prompt's last position. */
    public static final String LAST = "last";
    /** {@code answer_positions}: the prompt text grows by the decoded greedy token. */
    public static final String GREEDY_TEXT = "greedy_text";
    /** {@code answer_positions}: the prompt grows by the greedy token id. */
    public static final String GREEDY_TOKENS = "greedy_tokens";
    /** {@code answer_tokens}: tokenized on their own (EasyEdit). */
    public static final String ALONE = "alone";
    /** {@code answer_tokens}: the tokens after the prompt. */
    public static final String IN_CONTEXT = "in_context";

    public KnHParams {
        if (steps <= 0 || batchSize <= 0 || steps % batchSize != 0) {
            throw new IllegalArgumentException("steps and batch_size must be > 0 and steps a multiple of batch_size, got "
                    + steps + " and " + batchSize);
        }
        if (adaptiveThreshold < 0 || adaptiveThreshold > 1) {
            throw new IllegalArgumentException("adaptive_threshold must be in [0, 1], got " + adaptiveThreshold);
        }
        if (p < 0 || p >= 1) {
            throw new IllegalArgumentException("p must be in [0, 1), got " + p);
        }
        neuronSite = oneOf("neuron_site", neuronSite, PRE_ACTIVATION, List.of(PRE_ACTIVATION, KEY));
        answerPositions = oneOf("answer_positions", answerPositions, AUTO,
                List.of(AUTO, LAST, GREEDY_TEXT, GREEDY_TOKENS));
        answerTokens = oneOf("answer_tokens", answerTokens, ALONE, List.of(ALONE, IN_CONTEXT));
    }

    /**
     * {@return the answer positions for a model of {@code modelType}: EasyEdit's knowledge_neurons re-tokenizes the
     * grown prompt for LLaMA and Qwen ({@code model_type == 'llama'} or {@code 'qwen' in model_type}) and keeps the
     * original prompt otherwise (its check {@code model_type == "gpt"} never holds for "gpt2" or "gptj")}
     *
     * @param modelType {@code config.json}'s model_type
     */
    String answerPositionsFor(String modelType) {
        if (!answerPositions.equals(AUTO)) {
            return answerPositions;
        }
        return modelType.equals("llama") || modelType.contains("qwen") ? GREEDY_TEXT : LAST;
    }

    private static String oneOf(String key, String value, String absent, List<String> allowed) {
        String v = value == null ? absent : value;
        if (!allowed.contains(v)) {
            throw new IllegalArgumentException(key + " must be one of " + allowed + ", got " + value);
        }
        return v;
    }
}
