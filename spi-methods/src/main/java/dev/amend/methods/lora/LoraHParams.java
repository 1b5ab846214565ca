package dev.amend.methods.lora;

import dev.amend.api.HParams;
import dev.amend.api.IgnoredKeys;
import java.util.List;

/**
 * LoRA's hparams, in EasyEdit's keys.
 *
 * @param loraType      {@code lora} (EasyEdit's {@code adalora} is not offered)
 * @param layers        layers whose target modules get adapters; empty for every layer
 * @param numSteps      passes over the requests
 * @param batchSize     requests per step
 * @param lr            Adam's learning rate
 * @param weightDecay   Adam's L2 weight decay
 * @param rank          the adapters' rank r
 * @param loraAlpha     scale numerator: the update is {@code (lora_alpha / r) · B A}
 * @param loraDropout   dropout on the adapters' input while training
 * @param targetModules module templates ({@code {}} = layer) of MLP output projections, such as
 *                      {@code transformer.h.{}.mlp.c_proj}
 */
@IgnoredKeys({"max_length", "kl_factor", "norm_constraint"})
public record LoraHParams(String loraType, List<Integer> layers, int numSteps, int batchSize, double lr,
                          double weightDecay, int rank, double loraAlpha, double loraDropout,
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
