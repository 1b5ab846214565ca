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
 * @param deltas          weight changes (empty for runtime-only methods)
 * @param tensors         other state of runtime-only methods (a codebook, side memory), by name
 * @param attributes      small textual state and facts worth keeping (such as the target option used)
 */
public record EditState(String method, HParams hparams, List<EditRequest> requests, String baseFingerprint,
                        List<WeightDelta> deltas, Map<String, NDArray> tensors, Map<String, String> attributes) {

    public EditState {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(hparams, "hparams");
        Objects.requireNonNull(baseFingerprint, "baseFingerprint");
        requests = List.copyOf(requests);
        deltas = List.copyOf(deltas);
        tensors = Map.copyOf(tensors);
        attributes = Map.copyOf(attributes);
    }
}
