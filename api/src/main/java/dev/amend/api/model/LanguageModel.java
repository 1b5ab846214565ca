package dev.amend.api.model;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Set;

/**
 * A loaded transformer, as editing methods and metrics use it. Produced by a {@link ModelAdapter}.
 *
 * <p>Memory: every array a forward pass creates, intermediates included, is attached to the manager the caller passes,
 * so that gradients can flow until the caller closes it. Use one sub-manager per step.
 */
public interface LanguageModel extends AutoCloseable {

    /** {@return family, sizes, dtype and device} */
    ModelSpec spec();

    /** {@return the tokenizer of this model} */
    Tokenizer tokenizer();

    /**
     * {@return the first decoder token of encoder-decoder models ({@code decoder_start_token_id}); by default the pad
     * id, as T5}
     */
    default int decoderStartId() {
        return tokenizer().padId();
    }

    /**
     * {@return how this model pads batches (decoder-only models pad left so that every row ends at the last position)}
     */
    PaddingSide paddingSide();

    /**
     * {@return the model's output on a batch, computed differentiably: inside a {@code GradientCollector}, gradients
     * flow to any array that hooks introduce}
     *
     * @param manager receives every array created, intermediates included
     * @param batch unpadded token ids; the model pads them and masks the padding
     * @param hooks code to run at hook sites during this call only
     * @throws IllegalArgumentException when a hook names a site this model lacks
     */
    ModelOutput forward(NDManager manager, TokenBatch batch, Hooks hooks);

    /**
     * {@return {@link #forward(NDManager, TokenBatch, Hooks)} without hooks}
     *
     * @param manager where the returned arrays live (the caller closes it)
     * @param batch the token ids
     */
    default ModelOutput forward(NDManager manager, TokenBatch batch) {
        return forward(manager, batch, Hooks.none());
    }

    /**
     * {@return greedy decoding: for each prompt, up to {@code maxNewTokens} new token ids, stopping after the
     * end-of-sequence id where the tokenizer has one} For encoder-decoder models the prompts are encoder inputs.
     *
     * @param hooks run in every forward pass of the decoding; where the model caches keys and values, the passes after
     * the first see one new token per row ({@link BatchLayout} of length-1 rows)
     * @param prompts token ids of each prompt, without padding
     * @param maxNewTokens the most tokens to generate per prompt
     */
    List<int[]> generate(List<int[]> prompts, int maxNewTokens, Hooks hooks);

    /**
     * {@return {@link #generate(List, int, Hooks)} without hooks}
     *
     * @param prompts token ids of each prompt, without padding
     * @param maxNewTokens the most tokens to generate per prompt
     */
    default List<int[]> generate(List<int[]> prompts, int maxNewTokens) {
        return generate(prompts, maxNewTokens, Hooks.none());
    }

    /** {@return every site where {@link #forward} runs hooks} */
    Set<HookSite> hookSites();

    /** {@return the live weights} */
    Weights weights();

    /**
     * {@return this model's cache of derived values, closed when the model is} Views of a model (runtime edits) share
     * the cache of the model they view.
     */
    ModelCache cache();

    /** Frees the weights and closes the {@link #cache()}. */
    @Override
    void close();
}
