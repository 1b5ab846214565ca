package dev.amend.toolkit.model;

import ai.djl.ndarray.NDManager;
import dev.amend.api.model.HookSite;
import dev.amend.api.model.Hooks;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.ModelCache;
import dev.amend.api.model.ModelOutput;
import dev.amend.api.model.ModelSpec;
import dev.amend.api.model.PaddingSide;
import dev.amend.api.model.TokenBatch;
import dev.amend.api.model.Tokenizer;
import dev.amend.api.model.Weights;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A model that passes every call to another. Runtime-only edits subclass it to change what {@link #forward} and
 * {@link #generate} do while the weights stay those of the model underneath. A view can be retired (its edit was
 * closed): calls that run the model then fail instead of silently answering as the edited model.
 */
public abstract class ForwardingModel implements LanguageModel {

    private final LanguageModel delegate;
    private volatile String retiredBecause;

    /**
     * A view of {@code delegate}.
     * @param delegate the model calls go to
     */
    protected ForwardingModel(LanguageModel delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** {@return the model underneath} */
    public LanguageModel delegate() {
        return delegate;
    }

    /**
     * Makes every later forward or generate call fail with {@code why}.
     *
     * @param why what callers are told when they use the model after this
     */
    public void retire(String why) {
        retiredBecause = Objects.requireNonNull(why, "why");
    }

    /** @throws IllegalStateException once the view is retired */
    protected final void ensureUsable() {
        String why = retiredBecause;
        if (why != null) {
            throw new IllegalStateException(why);
        }
    }

    @Override
    public ModelSpec spec() {
        return delegate.spec();
    }

    @Override
    public Tokenizer tokenizer() {
        return delegate.tokenizer();
    }

    @Override
    public int decoderStartId() {
        return delegate.decoderStartId();
    }

    @Override
    public PaddingSide paddingSide() {
        return delegate.paddingSide();
    }

    @Override
    public ModelOutput forward(NDManager manager, TokenBatch batch, Hooks hooks) {
        ensureUsable();
        return delegate.forward(manager, batch, hooks);
    }

    @Override
    public List<int[]> generate(List<int[]> prompts, int maxNewTokens, Hooks hooks) {
        ensureUsable();
        return delegate.generate(prompts, maxNewTokens, hooks);
    }

    @Override
    public Set<HookSite> hookSites() {
        return delegate.hookSites();
    }

    @Override
    public Weights weights() {
        return delegate.weights();
    }

    /** {@return the cache of the model underneath: a view's edits and the model share derived values} */
    @Override
    public ModelCache cache() {
        return delegate.cache();
    }

    /** Does nothing: the model underneath belongs to whoever loaded it. */
    @Override
    public void close() {
    }
}
