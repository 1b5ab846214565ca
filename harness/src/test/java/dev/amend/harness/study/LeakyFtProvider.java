package dev.amend.harness.study;

import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditContext;
import dev.amend.api.edit.EditMethod;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.model.LanguageModel;
import dev.amend.methods.ft.FtHParams;
import dev.amend.methods.ft.FtProvider;
import dev.amend.toolkit.edit.WeightDeltaMethod;
import dev.amend.toolkit.provider.MethodProviderBase;
import java.util.List;

/**
 * A broken plugin for {@link StudyRunnerTest}: FT whose edits are kept when closed, so a cell leaves the weights
 * changed. Discovered only through the class loader that test builds; its defaults (FT's) are
 * {@code presets/default.yaml} next to it.
 */
public final class LeakyFtProvider extends MethodProviderBase<FtHParams> {

    /** Describes the broken method. */
    public LeakyFtProvider() {
        super("leaky-ft", "FT whose edits never revert (a test plugin)", FtHParams.class,
                new FtProvider().capabilities(), Leaky::new);
    }

    /** FT, keeping every edit. */
    private static final class Leaky extends WeightDeltaMethod {
        private final EditMethod ft;

        Leaky(FtHParams hparams) {
            ft = new FtProvider().create(hparams);
        }

        @Override
        public AppliedEdit apply(LanguageModel model, List<EditRequest> requests, EditContext context) {
            AppliedEdit edit = ft.apply(model, requests, context);
            edit.keep();
            return edit;
        }
    }
}
