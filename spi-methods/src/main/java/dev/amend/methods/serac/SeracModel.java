package dev.amend.methods.serac;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
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
 * A model edited by SERAC, as EasyEdit's {@code SERAC.forward} ({@code trainer/algs/SERAC.py}): each input row goes to
 * the scope classifier, which gives its nearest stored edit and that edit's coverage {@code w = exp(−d)}; the
 * counterfactual model reads that edit's text, a space and the row's text, tokenized whole
 * ({@code build_rep_input_tokens}), and its logits at the row's last positions stand for the row's. Soft (EasyEdit's
 * files, {@code supervised: false}): the row's output is {@code log((1 − w)·softmax(base) + w·softmax(cf) + ε)};
 * hard ({@code supervised: true}): the counterfactual model's logits where {@code w > 0.5}, else the base model's,
 * untouched. Generation is routed hard, as EasyEdit's {@code SERAC.generate}. Logits are those of the row's own
 * tokens, left-padded as the base model's.
 */
final class SeracModel extends ForwardingModel {

    /** EasyEdit's ε of the soft mixture: {@code torch.finfo(torch.float32).eps}. */
    static final float EPS = Math.ulp(1f);

    /**
     * One stored edit: its request, the classifier's embedding of its stored text, and the counterfactual model's
     * lead-in text (the edit's text and a space).
     */
    record Stored(EditRequest request, float[] key, String lead) {}

    /**
     * A row's routing: the nearest stored edit and its coverage {@code w}.
     *
     * @param edit     the nearest stored edit (the first of equals)
     * @param coverage {@code exp(log-coverage)} of that edit
     */
    record Route(int edit, double coverage) {

        /** {@return whether the hard routing sends the row to the counterfactual model: {@code w > 0.5}} */
        boolean covered() {
            return coverage > ScopeClassifier.THRESHOLD;
        }
    }

    private final TrainedParts parts;
    private final List<Stored> edits;
    private final LeadIn leadIn;
    private final boolean soft;

    SeracModel(LanguageModel base, TrainedParts parts, List<Stored> edits, boolean soft) {
        super(base);
        this.parts = parts;
        this.edits = List.copyOf(edits);
        this.leadIn = LeadIn.of(base.tokenizer());
        this.soft = soft;
    }

    TrainedParts parts() {
        return parts;
    }

    List<Stored> edits() {
        return edits;
    }

    /** An edit's stored form: the classifier's embedding of its stored text and the lead-in text. */
    static Stored store(EditRequest request, float[] key, TrainedParts parts) {
        return new Stored(request, key, leadText(parts.archive(), request.filledPrompt(), request.targetNew()));
    }

    /**
     * The counterfactual model's lead-in for an edit: the archive's form of it ({@code {prompt} {target}}, EasyEdit's
     * cache input) and EasyEdit's separator, a space ({@code build_rep_cache_contexts}).
     */
    static String leadText(SeracArchive archive, String prompt, String target) {
        return archive.lead(prompt, target) + " ";
    }

    @Override
    public ModelOutput forward(NDManager manager, TokenBatch batch, Hooks hooks) {
        ensureUsable();
        refuseHooks(hooks);
        List<int[]> rows = batch.sequences();
        if (edits.isEmpty()) {
            return delegate().forward(manager, batch, Hooks.none());
        }
        List<Route> routes = route(rows);
        List<int[]> plain = new ArrayList<>();
        List<int[]> covered = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Route r = routes.get(i);
            if (soft || !r.covered()) {
                plain.add(rows.get(i));
            }
            if (soft || r.covered()) {
                covered.add(withLead(rows.get(i), r.edit()));
            }
        }
        ModelOutput base = plain.isEmpty() ? null : delegate().forward(manager, TokenBatch.of(plain), Hooks.none());
        ModelOutput counterfactual = covered.isEmpty() ? null
                : parts.replacement().forward(manager, TokenBatch.of(covered), Hooks.none());
        int longest = rows.stream().mapToInt(r -> r.length).max().orElseThrow();
        NDList out = new NDList();
        int nextPlain = 0;
        int nextCovered = 0;
        for (int i = 0; i < rows.size(); i++) {
            int length = rows.get(i).length;
            Route r = routes.get(i);
            NDArray own;
            if (soft) {
                own = mix(last(base.logits(nextPlain++), length), last(counterfactual.logits(nextCovered++), length),
                        r.coverage());
            } else {
                own = last(r.covered() ? counterfactual.logits(nextCovered++) : base.logits(nextPlain++), length);
            }
            if (length < longest) {
                own = manager.zeros(new Shape(longest - length, own.getShape().get(1)), own.getDataType())
                        .concat(own, 0);
            }
            out.add(own);
        }
        return new ModelOutput(NDArrays.stack(out), BatchLayout.of(rows, PaddingSide.LEFT));
    }

    private static NDArray last(NDArray logits, int length) {
        return logits.get(new NDIndex("{}:, :", logits.getShape().get(0) - length));
    }

    /**
     * EasyEdit's soft mixture of one row's {@code [T, V]} logits: {@code log((1 − w)·softmax(base) + w·softmax(cf) + ε)},
     * computed in float32 as EasyEdit does.
     */
    static NDArray mix(NDArray base, NDArray counterfactual, double w) {
        NDManager m = base.getManager();
        NDArray weight = m.create((float) w);
        return base.softmax(-1).mul(m.create(1f).sub(weight)).add(counterfactual.softmax(-1).mul(weight))
                .add(m.create(EPS)).log();
    }

    @Override
    public List<int[]> generate(List<int[]> prompts, int maxNewTokens, Hooks hooks) {
        ensureUsable();
        refuseHooks(hooks);
        if (edits.isEmpty()) {
            return delegate().generate(prompts, maxNewTokens, Hooks.none());
        }
        List<Route> routes = route(prompts);
        List<int[]> plain = new ArrayList<>();
        List<int[]> covered = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            Route r = routes.get(i);
            (r.covered() ? covered : plain).add(r.covered() ? withLead(prompts.get(i), r.edit()) : prompts.get(i));
        }
        List<int[]> fromBase = plain.isEmpty() ? List.of() : delegate().generate(plain, maxNewTokens, Hooks.none());
        List<int[]> fromCounterfactual = covered.isEmpty() ? List.of()
                : parts.replacement().generate(covered, maxNewTokens, Hooks.none());
        List<int[]> out = new ArrayList<>();
        int nextPlain = 0;
        int nextCovered = 0;
        for (Route r : routes) {
            out.add(r.covered() ? fromCounterfactual.get(nextCovered++) : fromBase.get(nextPlain++));
        }
        return out;
    }

    /** For each row (decoded, as EasyEdit decodes its inputs for the classifier), its nearest edit and coverage. */
    List<Route> route(List<int[]> rows) {
        ScopeClassifier classifier = parts.classifier();
        try (NDManager m = NDManager.newBaseManager()) {
            List<String> texts = rows.stream().map(r -> tokenizer().decode(r)).toList();
            float[][] keys = edits.stream().map(Stored::key).toArray(float[][]::new);
            NDArray logP = classifier.logCoverage(classifier.embed(m, texts), m.create(keys), 1.0);
            long columns = logP.getShape().get(1);
            float[] flat = logP.toFloatArray();
            List<Route> routes = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                float[] row = new float[(int) columns];
                System.arraycopy(flat, (int) (i * columns), row, 0, row.length);
                routes.add(nearest(row));
            }
            return routes;
        }
    }

    /** EasyEdit's {@code sims.max(-1)} over one row of log-coverages: the first largest. */
    static Route nearest(float[] logCoverage) {
        int best = 0;
        for (int j = 1; j < logCoverage.length; j++) {
            if (logCoverage[j] > logCoverage[best]) {
                best = j;
            }
        }
        return new Route(best, Math.exp(logCoverage[best]));
    }

    /**
     * The counterfactual model's input for {@code row} and stored edit {@code edit}: the edit's lead-in text, then the
     * row's text, tokenized whole. Generation from it stops where the counterfactual model's positions end, as the base
     * model's does at its own.
     */
    int[] withLead(int[] row, int edit) {
        int[] joined = leadIn.join(edits.get(edit).lead(), row);
        int limit = parts.replacement().spec().maxPositions();
        if (joined.length > limit) {
            throw new IllegalArgumentException("a row of " + row.length + " tokens after its edit's lead-in does not"
                    + " fit the counterfactual model's " + limit + " positions (" + joined.length + " tokens)");
        }
        return joined;
    }

    private static void refuseHooks(Hooks hooks) {
        if (!hooks.sites().isEmpty()) {
            throw new IllegalArgumentException("a SERAC edit takes no hooks: covered rows are computed by another model");
        }
    }
}
