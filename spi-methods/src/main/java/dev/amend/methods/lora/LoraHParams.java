package dev.amend.methods.lora;

import dev.amend.api.HParam;
import dev.amend.api.HParams;
import dev.amend.api.IgnoredKeys;
import dev.amend.methods.locate.KeyDocs;
import java.util.List;

/**
 * LoRA's and AdaLoRA's hparams, in EasyEdit's keys (EasyEdit's {@code hparams/LoRA/*.yaml} load unchanged), plus
 * four of Amend's: {@code init_r} and {@code orth_reg_weight} (peft's AdaLoRA settings, at the values EasyEdit
 * always gets because it never passes them), {@code fresh_adapter} and {@code regularise_continued} (how a sequence
 * of edits trains: EasyEdit's by default).
 *
 * <p>With {@code lora_type: adalora} the rank is {@code init_r}, not {@code rank}: EasyEdit hands its {@code rank}
 * to peft's {@code AdaLoraConfig(r=...)}, which AdaLoRA ignores (peft's {@code AdaLoraModel._create_and_replace}
 * builds every layer with {@code init_r}, 12 by default). AdaLoRA's rank allocation (peft's {@code target_r},
 * {@code tinit}, {@code tfinal}, {@code deltaT}, {@code beta1}, {@code beta2}, {@code total_step}) is not offered:
 * EasyEdit never calls {@code update_and_allocate}, so it never runs there either.
 */
@IgnoredKeys({"max_length", "kl_factor", "norm_constraint"})
public record LoraHParams(
        @HParam("lora (adapter scaling · B A, scaling = lora_alpha / rank) or adalora (peft's SVD form"
                + " B (A ⊙ E) · lora_alpha / init_r, with its orthogonal regulariser; no rank allocation)")
        String loraType,
        @HParam("the layers whose target modules get adapters (peft's layers_to_transform); empty for every layer")
        List<Integer> layers,
        @HParam("passes over the requests (no early stop); ≥ 1")
        int numSteps,
        @HParam(KeyDocs.REQUESTS_PER_BATCH)
        int batchSize,
        @HParam(KeyDocs.ADAM_LR)
        double lr,
        @HParam(KeyDocs.ADAM_WEIGHT_DECAY)
        double weightDecay,
        @HParam("LoRA's rank r; ignored by adalora, as peft's AdaLoRA ignores r (its rank is init_r); ≥ 1")
        int rank,
        @HParam("scale numerator: lora_alpha / rank for lora, lora_alpha / init_r for adalora (peft's scalings); > 0")
        double loraAlpha,
        @HParam("inverted dropout on the adapter's input while training, as EasyEdit trains (peft's new dropout"
                + " modules are in training mode); applied where the module's input and output are hook points"
                + " (MLP output projections), elsewhere the adapter trains without it; in [0, 1)")
        double loraDropout,
        @HParam("the modules that get adapters: peft's module names or suffixes (q_proj, v_proj, c_attn, fc_in,"
                + " mlp.c_proj: every module whose name ends with one), Amend's templates with {} for the layer"
                + " (transformer.h.{}.mlp.c_proj), or canonical weight kinds that every adapter resolves (attn_q,"
                + " attn_k, attn_v, attn_o, mlp_in_proj, mlp_gate_proj, mlp_out_proj); at least one")
        List<String> targetModules,
        @HParam("adalora's rank for every adapter (peft's AdaLoraConfig.init_r; EasyEdit always gets peft's 12); ≥ 1")
        int initR,
        @HParam("adalora: weight of the orthogonal regulariser mean ‖A Aᵀ − I‖_F, ‖Bᵀ B − I‖_F added to the loss"
                + " (peft's orth_reg_weight, 0.5 in EasyEdit); ≥ 0")
        double orthRegWeight,
        @HParam("false (EasyEdit): an edit made on weights that a LoRA edit of the same shape produced keeps training"
                + " that edit's adapter (fresh Adam; AdaLoRA without its regulariser, as EasyEdit then trains the bare"
                + " model); true: every edit trains a new adapter (Amend's earlier behaviour)")
        boolean freshAdapter,
        @HParam("adalora, when an edit continues an adapter: false (EasyEdit's edit(sequential_edit=True), which hands"
                + " execute_lora the bare model) trains without the orthogonal regulariser; true trains with it, as"
                + " EasyEdit's batch_edit(sequential_edit=True) does (it hands back the peft model)")
        boolean regulariseContinued) implements HParams {

    /** {@code lora_type} of plain LoRA. */
    public static final String LORA = "lora";
    /** {@code lora_type} of AdaLoRA. */
    public static final String ADALORA = "adalora";

    public LoraHParams {
        if (!LORA.equals(loraType) && !ADALORA.equals(loraType)) {
            throw new IllegalArgumentException("lora_type must be \"lora\" or \"adalora\", got " + loraType);
        }
        layers = List.copyOf(layers);
        targetModules = List.copyOf(targetModules);
        if (numSteps < 1 || batchSize < 1 || rank < 1 || initR < 1) {
            throw new IllegalArgumentException("num_steps, batch_size, rank and init_r must be at least 1, got "
                    + numSteps + ", " + batchSize + ", " + rank + " and " + initR);
        }
        if (lr <= 0 || weightDecay < 0 || loraAlpha <= 0 || orthRegWeight < 0) {
            throw new IllegalArgumentException("lr and lora_alpha must be > 0, weight_decay and orth_reg_weight ≥ 0,"
                    + " got " + lr + ", " + loraAlpha + ", " + weightDecay + " and " + orthRegWeight);
        }
        if (loraDropout < 0 || loraDropout >= 1) {
            throw new IllegalArgumentException("lora_dropout must be in [0, 1), got " + loraDropout);
        }
        if (targetModules.isEmpty()) {
            throw new IllegalArgumentException("target_modules must name at least one module");
        }
    }

    /** {@return whether this is AdaLoRA} */
    public boolean adaptive() {
        return ADALORA.equals(loraType);
    }

    /** {@return the adapters' rank: {@code init_r} for AdaLoRA, {@code rank} for LoRA} */
    public int adapterRank() {
        return adaptive() ? initR : rank;
    }

    /**
     * {@return the factor of the adapter's product: {@code lora_alpha / rank} (peft's LoRA), or
     * {@code lora_alpha / (init_r + 1e-5)} (peft's AdaLoRA: {@code scaling / (ranknum + 1e-5)}, ranknum = init_r
     * since no rank is ever reallocated)}
     */
    public double scale() {
        return adaptive() ? loraAlpha / (initR + 1e-5) : loraAlpha / rank;
    }
}
