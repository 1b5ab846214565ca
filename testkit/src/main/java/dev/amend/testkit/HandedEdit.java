package dev.amend.testkit;

import ai.djl.ndarray.NDArray;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditState;
import dev.amend.api.edit.WeightDelta;
import dev.amend.api.model.LanguageModel;
import java.util.List;
import java.util.Map;

/**
 * An edit as a careless or hostile plugin could hand it to saving: any state, on any model, changing nothing. Tests
 * save one to get a saved edit whose digests are right but whose content is not (deltas for a site the model lacks,
 * tensors of another shape or type), and check what loading it refuses.
 *
 * @param model the model the edit claims to be made on (its fingerprint is saved as the edited one for deltas)
 * @param state what saving writes
 */
public record HandedEdit(LanguageModel model, EditState state) implements AppliedEdit {

    @Override
    public void keep() {}

    @Override
    public boolean isKept() {
        return true;
    }

    @Override
    public boolean isClosed() {
        return false;
    }

    @Override
    public void close() {}

    /**
     * {@return {@code state} with its state tensors replaced}
     *
     * @param state   the state to copy
     * @param tensors the state tensors it gets instead
     */
    public static EditState withTensors(EditState state, Map<String, NDArray> tensors) {
        return new EditState(state.method(), state.hparams(), state.requests(), state.baseFingerprint(), state.seed(),
                state.deltas(), tensors, state.attributes());
    }

    /**
     * {@return {@code state} with its deltas replaced}
     *
     * @param state  the state to copy
     * @param deltas the weight deltas it gets instead
     */
    public static EditState withDeltas(EditState state, List<WeightDelta> deltas) {
        return new EditState(state.method(), state.hparams(), state.requests(), state.baseFingerprint(), state.seed(),
                deltas, state.tensors(), state.attributes());
    }
}
