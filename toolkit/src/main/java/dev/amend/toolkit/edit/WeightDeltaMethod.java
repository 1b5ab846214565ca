package dev.amend.toolkit.edit;

import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditContext;
import dev.amend.api.edit.EditMethod;
import dev.amend.api.edit.EditState;
import dev.amend.api.model.LanguageModel;

/**
 * Base of methods whose edits are weight deltas ({@link WeightDeltaEdit}): a saved edit is re-created by adding its
 * deltas again, so that subclasses write only {@link #apply}.
 */
public abstract class WeightDeltaMethod implements EditMethod {

    /** A method whose saved edits are re-created from their deltas. */
    protected WeightDeltaMethod() {}

    /** Re-applies the saved deltas; the model must be the one the edit was made on (same fingerprint). */
    @Override
    public AppliedEdit restore(LanguageModel model, EditState saved, EditContext context) {
        return WeightDeltaEdit.reapply(model, saved);
    }
}
