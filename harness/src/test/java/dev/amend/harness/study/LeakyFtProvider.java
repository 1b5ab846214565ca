package dev.amend.harness.study;

import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditMethod;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.edit.MethodCapabilities;
import dev.amend.methods.ft.FtHParams;
import dev.amend.methods.ft.FtProvider;
import java.util.List;
import java.util.Optional;

/**
 * A broken plugin for {@link StudyRunnerTest}: FT whose edits are kept when closed, so a cell leaves the weights
 * changed. Discovered only through the class loader that test builds.
 */
public final class LeakyFtProvider implements EditMethodProvider<FtHParams> {

    private final FtProvider ft = new FtProvider();

    @Override
    public String name() {
        return "leaky-ft";
    }

    @Override
    public String description() {
        return "FT whose edits never revert (a test plugin)";
    }

    @Override
    public Class<FtHParams> hparamsType() {
        return FtHParams.class;
    }

    @Override
    public Optional<FtHParams> defaultHParams() {
        return ft.defaultHParams();
    }

    @Override
    public MethodCapabilities capabilities() {
        return ft.capabilities();
    }

    @Override
    public EditMethod create(FtHParams hparams) {
        EditMethod inner = ft.create(hparams);
        return (model, requests, context) -> {
            AppliedEdit edit = inner.apply(model, requests, context);
            edit.keep();
            return edit;
        };
    }

    @Override
    public List<String> presets() {
        return List.of();
    }
}
