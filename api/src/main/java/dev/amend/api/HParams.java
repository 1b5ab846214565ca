package dev.amend.api;

/**
 * Marker for a provider's hyper-parameters: an immutable record whose components are the valid keys.
 *
 * <p>Keys are EasyEdit's snake_case names: a component {@code vNumGradSteps} is read from {@code v_num_grad_steps}
 * (or from the name given by {@code @JsonProperty}), so that an EasyEdit hparams YAML loads as is. Validate in the
 * compact constructor and throw {@link IllegalArgumentException} with a message that names the key and what was
 * expected. Keys that EasyEdit files carry but that mean nothing here are listed with {@link IgnoredKeys}.
 * Every file may also carry {@code alg_name} (checked against the provider) and {@code model_name}.
 */
public interface HParams {}
