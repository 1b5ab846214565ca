package dev.amend.methods.locate;

/**
 * What the keys that several methods' hparams records share mean (ROME, MEMIT and AlphaEdit's target, statistics and
 * context keys; FT's and LoRA's training keys), written once for their {@link dev.amend.api.HParam} annotations: the
 * hparams reference is generated from those.
 */
public final class KeyDocs {

    /** {@code fact_token}. */
    public static final String FACT_TOKEN = "the token where the key is read and the target written: subject_last "
            + "(the subject's last token), subject_first, subject_first_after_last (the token after the subject, else "
            + "its last) or last (the prompt's last token); case-insensitive";
    /** {@code v_num_grad_steps}. */
    public static final String V_NUM_GRAD_STEPS = "Adam steps of the target's optimisation, fewer once the loss is "
            + "under 0.05 (the last one is measured, not taken); > 0";
    /** {@code v_lr}. */
    public static final String V_LR = "Adam's learning rate for the target's shift δ; > 0";
    /** {@code v_weight_decay}. */
    public static final String V_WEIGHT_DECAY = "weight of the loss term ‖δ‖ / ‖v_init‖², which keeps the target "
            + "near the current value v_init; ≥ 0";
    /** {@code clamp_norm_factor}. */
    public static final String CLAMP_NORM_FACTOR = "‖δ‖ is scaled back under this times ‖v_init‖ after every step; > 0";
    /** {@code kl_factor}. */
    public static final String KL_FACTOR = "weight of the KL term that keeps the model's next-token distribution at "
            + "the fact token of \"{subject} is a\" (the essence prompt) as it was before the edit; ≥ 0";
    /** {@code rewrite_module_tmp}. */
    public static final String REWRITE_MODULE_TMP = "the edited weight as a module template with {} for the layer: "
            + "the model's own module name (e.g. transformer.h.{}.mlp.c_proj), resolved by the model adapter, or the "
            + "canonical site decoder.{}.mlp_out_proj that every adapter has; it must be an MLP output "
            + "projection, and it also names the statistics' files";
    /** {@code mom2_dataset}. */
    public static final String MOM2_DATASET = "where the key statistics C = E[kkᵀ] come from: EasyEdit's precomputed "
            + "{stats_dir}/{model}/{mom2_dataset}_stats/{module}_{mom2_dtype}_mom2_{mom2_n_samples}.npz when there "
            + "(mom2_dataset wikipedia for EasyEdit's files), else a local text file, one sample per line";
    /** {@code mom2_n_samples}. */
    public static final String MOM2_N_SAMPLES = "how many samples (non-blank lines, shuffled) of the text file the "
            + "statistics are taken over, also the count in EasyEdit's file names; > 0";
    /** {@code mom2_dtype}. */
    public static final String MOM2_DTYPE = "the precision named in EasyEdit's statistics file names (float32); Amend "
            + "accumulates in float64 whatever it says";
    /** {@code stats_dir}. */
    public static final String STATS_DIR = "where EasyEdit's precomputed statistics are looked for "
            + "({stats_dir}/{model}/...) and the statistics Amend computes are cached ({stats_dir}/amend/...); null: "
            + "the per-user cache, $AMEND_CACHE/stats, else $XDG_CACHE_HOME/amend/stats, else ~/.cache/amend/stats "
            + "(a relative path is taken from the working directory)";
    /** {@code layers} of MEMIT and AlphaEdit. */
    public static final String SPREAD_LAYERS = "the layers the update is spread over (sorted, repeats dropped); the "
            + "target is set in the residual stream after the last one";
    /** {@code context_template_length_params}. */
    public static final String CONTEXT_TEMPLATE_LENGTH_PARAMS = "[[max_out_len, n_gen], ...]: per pair, the model "
            + "writes n_gen texts (n_gen / the number of seed words from each, rounded down) of at most max_out_len "
            + "tokens, each a context template; keys are averaged, and the target optimised, over these templates and "
            + "the bare prompt; [] for the bare prompt only";
    /** {@code context_template_length_params} of MEMIT and AlphaEdit, which EasyEdit fixes in code. */
    public static final String MEMIT_CONTEXT_TEMPLATE_LENGTH_PARAMS = CONTEXT_TEMPLATE_LENGTH_PARAMS + " (keys "
            + "averaged within each pair's templates, then over the pairs). EasyEdit's MEMIT code always uses "
            + "[[10, 5]], the value when the key is absent";
    /** {@code through_update}. */
    public static final String THROUGH_UPDATE = "Amend's option: optimise the target through the weight update "
            + "itself, applied at every position, instead of at the edit position only (the paper's); off by default "
            + "and in every preset (measurements: docs/engineering-notes.md, locate-then-edit on the toy model)";
    /** {@code context_template_seeds}. */
    public static final String CONTEXT_TEMPLATE_SEEDS = "Amend's option: the words the context texts are generated "
            + "from; null for EasyEdit's five (The, Therefore, Because, I, You)";
    /** {@code context_templates_at}. */
    public static final String CONTEXT_TEMPLATES_AT = "Amend's option: prompt (EasyEdit, the default when null: "
            + "\"{text}. {prompt}\") or subject (the text, without its seed word, right before the subject, so that "
            + "what the key sees to the subject's left varies)";
    /** {@code lr} of FT and LoRA. */
    public static final String ADAM_LR = "Adam's learning rate; > 0";
    /** {@code weight_decay} of FT and LoRA. */
    public static final String ADAM_WEIGHT_DECAY = "Adam's weight decay, added to the gradient as an L2 term "
            + "(PyTorch's Adam, as EasyEdit; not AdamW); ≥ 0";
    /** {@code batch_size} of FT and LoRA. */
    public static final String REQUESTS_PER_BATCH = "requests per batch, one Adam step each; ≥ 1";

    private KeyDocs() {}
}
