package dev.amend.methods.locate;

/** The v* / z optimisation keys that ROME, MEMIT and AlphaEdit share (EasyEdit's names). */
public interface TargetHParams {

    /** {@code v_num_grad_steps}: Adam steps (the last one is not taken). */
    int vNumGradSteps();

    /** {@code v_lr}: Adam's learning rate. */
    double vLr();

    /** {@code v_weight_decay}: factor of {@code ‖δ‖ / ‖v_init‖²} in the loss. */
    double vWeightDecay();

    /** {@code clamp_norm_factor}: {@code ‖δ‖} is kept under this times {@code ‖v_init‖}. */
    double clampNormFactor();

    /** {@code kl_factor}: weight of the KL term that keeps the subject's other predictions. */
    double klFactor();

    /** {@code fact_token}: where the key is read and the value written. */
    String factToken();

    /**
     * Amend's {@code through_update} option (docs/engineering-notes.md, "Locate-then-edit on the toy model"): optimise the target through the weight update the closed form
     * will make, applied at every position, instead of at the subject's position only (the paper). Off in every
     * real-model preset.
     */
    boolean throughUpdate();
}
