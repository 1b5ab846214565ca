package dev.amend.methods.locate;

/**
 * What the keys that ROME, MEMIT and AlphaEdit share mean, written once for their {@link dev.amend.api.HParam}
 * annotations (the hparams reference is generated from those).
 */
public final class KeyDocs {

    /** {@code fact_token}. */
    public static final String FACT_TOKEN = "where the key is read and the target written: subject_last, "
            + "subject_first, subject_first_after_last (the token after the subject, else its last) or last (the "
            + "prompt's last token)";
    /** {@code v_num_grad_steps}. */
    public static final String V_NUM_GRAD_STEPS = "Adam steps of the target value's optimisation (the last one is "
            + "measured, not taken); > 0";
    /** {@code v_lr}. */
    public static final String V_LR = "Adam's learning rate for the target value; > 0";
    /** {@code v_weight_decay}. */
    public static final String V_WEIGHT_DECAY = "weight of the term ‖δ‖ / ‖v_init‖² that keeps the target value "
            + "near the current one; ≥ 0";
    /** {@code clamp_norm_factor}. */
    public static final String CLAMP_NORM_FACTOR = "‖δ‖ is kept under this times ‖v_init‖ after every step; > 0";
    /** {@code kl_factor}. */
    public static final String KL_FACTOR = "weight of the KL term that keeps the model's predictions after "
            + "\"{subject} is a\" (the essence prompt) as they were; ≥ 0";
    /** {@code rewrite_module_tmp}. */
    public static final String REWRITE_MODULE_TMP = "the edited weight as a module template with {} for the layer "
            + "(e.g. transformer.h.{}.mlp.c_proj), resolved by the model adapter to an MLP output projection; it also "
            + "names the statistics' files";
    /** {@code mom2_dataset}. */
    public static final String MOM2_DATASET = "source of the key statistics C = E[kkᵀ]: a local text file (one "
            + "sample per line), or the name of an EasyEdit data set (wikipedia) whose precomputed statistics are "
            + "under stats_dir";
    /** {@code mom2_n_samples}. */
    public static final String MOM2_N_SAMPLES = "samples (lines) the statistics are taken over; > 0";
    /** {@code mom2_dtype}. */
    public static final String MOM2_DTYPE = "the precision named in EasyEdit's statistics file names (float32); Amend "
            + "accumulates in float64 whatever it says";
    /** {@code stats_dir}. */
    public static final String STATS_DIR = "where precomputed statistics are read and computed ones cached";
    /** {@code mom2_update_weight}. */
    public static final String MOM2_UPDATE_WEIGHT = "λ: weight of the preserved keys' statistics against the new keys "
            + "in the closed-form update; > 0";
    /** {@code context_template_length_params}. */
    public static final String CONTEXT_TEMPLATE_LENGTH_PARAMS = "[[max_out_len, n_gen], ...]: n_gen texts of "
            + "max_out_len tokens generated before the prompt, which keys and targets are averaged over; [] for the "
            + "bare prompt only";
    /** {@code through_update}. */
    public static final String THROUGH_UPDATE = "Amend's option (DESIGN §7): optimise the target through the weight "
            + "update itself, applied at every position, instead of at the edit position only (the paper's); off in "
            + "every real-model preset";
    /** {@code context_template_seeds}. */
    public static final String CONTEXT_TEMPLATE_SEEDS = "Amend's option: the words the context texts are generated "
            + "from; null for EasyEdit's five (The, Therefore, Because, I, You)";
    /** {@code context_templates_at}. */
    public static final String CONTEXT_TEMPLATES_AT = "Amend's option: prompt (EasyEdit, the default when null: "
            + "\"<text>. <prompt>\") or subject (the text right before the subject, so that what the key sees to the "
            + "subject's left varies)";

    private KeyDocs() {}
}
