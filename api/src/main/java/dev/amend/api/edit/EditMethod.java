package dev.amend.api.edit;

import dev.amend.api.model.LanguageModel;
import java.util.List;

/** A configured editing method: the thing an {@link EditMethodProvider} makes from hparams. */
public interface EditMethod {

    /**
     * Applies {@code requests} to {@code model}. With more than one request the method must declare
     * {@link EditCapability#BATCH}. On failure nothing stays changed.
     *
     * @param model the model to edit; weight edits change it in place
     * @param requests the edits, applied together (a batch when there are several)
     * @param context the run's seed, progress display and model loader
     * @return the edit in force; close it to revert
     */
    AppliedEdit apply(LanguageModel model, List<EditRequest> requests, EditContext context);

    /**
     * {@return re-creates a saved edit on {@code model}, which must be the model the edit was made on (same
     * fingerprint)} Weight-delta methods re-apply the deltas (the toolkit's {@code WeightDeltaMethod} does it);
     * runtime-only methods rebuild their state.
     *
     * @param context the runner's context (its model loader serves methods whose hparams name other models)
     * @param model the model the edit was made on, as it was then
     * @param saved the edit's saved state
     * @throws dev.amend.api.InvalidInputException when the model is not the one the edit was made on, or the saved
     *                                             state does not fit it
     */
    AppliedEdit restore(LanguageModel model, EditState saved, EditContext context);
}
