package dev.amend.api.edit;

import ai.djl.ndarray.NDArray;
import dev.amend.api.HParams;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to save an edit and re-create it on a fresh copy of the same base model.
 *
 * @param method          the provider name of the method that made it
 * @param hparams         the hparams it was made with
 * @param requests        the requests it applied
 * @param baseFingerprint {@link dev.amend.api.model.Weights#fingerprint()} of the model before the edit
 * @param seed            the seed of the run that made it ({@link EditContext#seed()})
 * @param deltas          weight changes (empty for runtime-only methods)
 * @param tensors         other state of runtime-only methods (a codebook, side memory), by name
 * @param attributes      small textual state and facts worth keeping (such as the target option used)
 */
public record EditState(String method, HParams hparams, List<EditRequest> requests, String baseFingerprint, long seed,
                        List<WeightDelta> deltas, Map<String, NDArray> tensors, Map<String, String> attributes) {

    /**
     * Copies the lists and maps, so that a state cannot change after it is made.
     *
     * @param method the provider name of the method that made it
     * @param hparams the hparams it was made with
     * @param requests the requests it applied
     * @param baseFingerprint {@link dev.amend.api.model.Weights#fingerprint()} of the model before the edit
     * @param seed the seed of the run that made it ({@link EditContext#seed()})
     * @param deltas weight changes (empty for runtime-only methods)
     * @param tensors other state of runtime-only methods (a codebook, side memory), by name
     * @param attributes small textual state and facts worth keeping (such as the target option used)
     */
    public EditState {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(hparams, "hparams");
        Objects.requireNonNull(baseFingerprint, "baseFingerprint");
        requests = List.copyOf(requests);
        deltas = List.copyOf(deltas);
        tensors = Map.copyOf(tensors);
        attributes = Map.copyOf(attributes);
    }

    /**
     * Checks that {@code model} has the weights this edit was made on, before it is re-created there.
     *
     * @param model the model the edit is about to be applied to
     * @throws dev.amend.api.InvalidInputException naming both fingerprints
     */
    public void requireMadeOn(dev.amend.api.model.LanguageModel model) {
        String now = model.weights().fingerprint();
        if (!now.equals(baseFingerprint)) {
            throw new dev.amend.api.InvalidInputException("this " + method + " edit was made on weights with fingerprint "
                    + baseFingerprint + ", but the model's weights have fingerprint " + now
                    + ": load the same base model (with the same earlier edits) first");
        }
    }
}
