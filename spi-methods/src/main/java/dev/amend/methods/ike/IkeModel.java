package dev.amend.methods.ike;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.model.BatchLayout;
import dev.amend.api.model.Hooks;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.ModelOutput;
import dev.amend.api.model.PaddingSide;
import dev.amend.api.model.TokenBatch;
import dev.amend.methods.context.LeadIn;
import dev.amend.toolkit.model.ForwardingModel;
import java.util.ArrayList;
import java.util.List;

/**
 * A model edited in context: every input row is read after the demonstrations and the stated fact of an edit (the
 * edit whose prompt is most similar to the row, by sentence embedding, when there are several), and its logits are
 * those of its own tokens. Demonstrations are dropped from the least similar while the row would not fit the model's
 * positions. A row is read as EasyEdit reads it: the context's text and the row's text tokenized as one string
 * ({@link LeadIn}); the row's logits are the last of that sequence's.
 */
final class IkeModel extends ForwardingModel {

    /**
     * One edit in context: its request, demonstrations (most similar first), prompt embedding, and the text that goes
     * before an input with the first {@code i} demonstrations ({@code prefixes[i]}: those demonstrations, then the
     * template up to {@code {prompt}} with the edit's fact).
     */
    record Context(EditRequest request, List<String> demonstrations, float[] key, String[] prefixes) {

        /** The context of an edit whose fact is stated by {@code lead}, the input's lead-in. */
        static Context of(EditRequest request, List<String> demonstrations, String lead, float[] key) {
            String[] prefixes = new String[demonstrations.size() + 1];
            for (int i = 0; i < prefixes.length; i++) {
                prefixes[i] = String.join("", demonstrations.subList(0, i)) + lead;
            }
            return new Context(request, List.copyOf(demonstrations), key, prefixes);
        }
    }

    private final List<Context> contexts;
    private final LeadIn leadIn;
    private final Embedder embedder;

    IkeModel(LanguageModel base, List<Context> contexts, Embedder embedder) {
        super(base);
        this.contexts = List.copyOf(contexts);
        this.leadIn = LeadIn.of(base.tokenizer());
        this.embedder = embedder;
    }

    List<Context> contexts() {
        return contexts;
    }

    @Override
    public ModelOutput forward(NDManager manager, TokenBatch batch, Hooks hooks) {
        ensureUsable();
        refuseHooks(hooks);
        List<int[]> rows = batch.sequences();
        List<int[]> read = new ArrayList<>();
        for (int[] row : rows) {
            read.add(inContext(row, 0));
        }
        ModelOutput out = delegate().forward(manager, TokenBatch.of(read), Hooks.none());
        int longest = rows.stream().mapToInt(r -> r.length).max().orElseThrow();
        long padded = out.logits().getShape().get(1);
        return new ModelOutput(out.logits().get(new NDIndex(":, {}:, :", padded - longest)),
                BatchLayout.of(rows, PaddingSide.LEFT));
    }

    @Override
    public List<int[]> generate(List<int[]> prompts, int maxNewTokens, Hooks hooks) {
        ensureUsable();
        refuseHooks(hooks);
        List<int[]> read = new ArrayList<>();
        for (int[] prompt : prompts) {
            read.add(inContext(prompt, maxNewTokens));
        }
        return delegate().generate(read, maxNewTokens, Hooks.none());
    }

    private static void refuseHooks(Hooks hooks) {
        if (!hooks.sites().isEmpty()) {
            throw new IllegalArgumentException("an in-context (IKE) edit takes no hooks: its rows carry demonstrations,"
                    + " so positions would not be the caller's");
        }
    }

    /**
     * {@code row} after its edit's context, leaving {@code room} positions free: EasyEdit's string
     * {@code demonstrations + "New Fact: {prompt} {target}\nPrompt: " + row's text}, tokenized whole.
     */
    int[] inContext(int[] row, int room) {
        Context context = contexts.size() == 1 ? contexts.get(0) : nearest(row);
        int limit = spec().maxPositions() - room;
        for (int demos = context.demonstrations().size(); demos >= 0; demos--) {
            int[] joined = leadIn.join(context.prefixes()[demos], row);
            if (joined.length <= limit || demos == 0) {
                return joined;
            }
        }
        throw new AssertionError("unreachable");
    }

    private Context nearest(int[] row) {
        float[] q = embedder.embed(tokenizer().decode(row));
        Context best = contexts.get(0);
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Context c : contexts) {
            double s = Embedder.similarity(q, c.key());
            if (s > bestScore) {
                best = c;
                bestScore = s;
            }
        }
        return best;
    }
}
