package dev.amend.methods.lora;

import dev.amend.api.HParam;
import dev.amend.api.HParams;
import dev.amend.api.IgnoredKeys;
import dev.amend.methods.locate.KeyDocs;
import java.util.List;

/**
 * LoRA's hparams, in EasyEdit's keys.
 */
@IgnoredKeys({"max_length", "kl_factor", "norm_constraint"})
public record LoraHParams(
        @HParam("lora, the only value offered (EasyEdit's adalora is not)")
        String loraType,
        @HParam("the layers whose target modules get adapters; empty for every layer")
        List<Integer> layers,
        @HParam("passes over the requests (no early stop); ≥ 1")
        int numSteps,
        @HParam(KeyDocs.REQUESTS_PER_BATCH)
        int batchSize,
        @HParam(KeyDocs.ADAM_LR)
        double lr,
        @HParam(KeyDocs.ADAM_WEIGHT_DECAY)
        double weightDecay,
        @HParam("the adapters' rank r; ≥ 1")
        int rank,
        @HParam("scale numerator: the update is (lora_alpha / r) · B A, as PEFT scales it; > 0")
        double loraAlpha,
        @HParam("inverted dropout on the adapters' input while training; in [0, 1)")
        double loraDropout,
        @HParam("module templates ({} for the layer) of the modules that get adapters, such as "
                + "transformer.h.{}.mlp.c_proj: MLP output projections only (EasyEdit's q_proj, v_proj are refused); "
                + "at least one")
        List<String> targetModules) implements HParams {

    public LoraHParams {
        if (!"lora".equals(loraType)) {
            throw new IllegalArgumentException("lora_type must be \"lora\", got " + loraType
                    + " (AdaLoRA's rank allocation is not offered)");
        }
        layers = List.copyOf(layers);
        targetModules = List.copyOf(targetModules);
        if (numSteps < 1 || batchSize < 1 || rank < 1) {
            throw new IllegalArgumentException("num_steps, batch_size and rank must be at least 1, got " + numSteps
                    + ", " + batchSize + " and " + rank);
        }
        if (lr <= 0 || weightDecay < 0 || loraAlpha <= 0) {
            throw new IllegalArgumentException("lr and lora_alpha must be > 0 and weight_decay ≥ 0, got " + lr + ", "
                    + loraAlpha + " and " + weightDecay);
        }
        if (loraDropout < 0 || loraDropout >= 1) {
            throw new IllegalArgumentException("lora_dropout must be in [0, 1), got " + loraDropout);
        }
        if (targetModules.isEmpty()) {
            throw new IllegalArgumentException("target_modules must name at least one module template");
        }
    }

    /** The factor of {@code B A}: {@code lora_alpha / r}, as PEFT scales it. */
    public double scale() {
        return loraAlpha / rank;
    }
}
