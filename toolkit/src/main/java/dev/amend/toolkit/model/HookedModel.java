package dev.amend.toolkit.model;

import ai.djl.ndarray.NDManager;
import dev.amend.api.model.Hooks;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.ModelOutput;
import dev.amend.api.model.TokenBatch;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A model seen through a runtime edit that acts by hooks (a codebook, a side memory): every forward pass and every
 * pass of generation runs the edit's hooks, fresh for the call, before the caller's, so callers observe and
 * optimise the edited model.
 */
public class HookedModel extends ForwardingModel {

    private final Supplier<Hooks> edit;

    /**
     * @param edit makes the edit's hooks for one call (hooks may keep per-call state between sites)
     * @param base the model the hooks run on
     */
    public HookedModel(LanguageModel base, Supplier<Hooks> edit) {
        super(base);
        this.edit = Objects.requireNonNull(edit, "edit");
    }

    @Override
    public ModelOutput forward(NDManager manager, TokenBatch batch, Hooks hooks) {
        ensureUsable();
        return delegate().forward(manager, batch, edit.get().then(hooks));
    }

    @Override
    public List<int[]> generate(List<int[]> prompts, int maxNewTokens, Hooks hooks) {
        ensureUsable();
        return delegate().generate(prompts, maxNewTokens, edit.get().then(hooks));
    }
}
