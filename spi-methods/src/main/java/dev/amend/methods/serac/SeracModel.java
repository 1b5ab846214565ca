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
import java.util.Arrays;
import java.util.List;

/**
 * A model edited by SERAC: each input row goes to the scope classifier; a row that one stored edit covers (probability
 * above {@link ScopeClassifier#THRESHOLD} for its nearest edit) is answered by the counterfactual model reading that
 * edit first ({@link SeracArchive#lead}), every other row by the base model, untouched. The routing is hard, as in the
 * SERAC paper at test time. Logits are those of the row's own tokens, left-padded as the base model's.
 */
final class SeracModel extends ForwardingModel {

    /** One stored edit: its request, its prompt's embedding, and the counterfactual model's lead-in ids. */
    record Stored(EditRequest request, float[] key, int[] lead) {}

    private final TrainedParts parts;
    private final List<Stored> edits;
    private final LeadIn leadIn;

    SeracModel(LanguageModel base, TrainedParts parts, List<Stored> edits) {
        super(base);
        this.parts = parts;
        this.edits = List.copyOf(edits);
        this.leadIn = LeadIn.of(base.tokenizer());
    }

    TrainedParts parts() {
        return parts;
    }

    List<Stored> edits() {
        return edits;
    }

    /** An edit's stored form: the classifier's embedding of its prompt and the lead-in ids. */
    static Stored store(EditRequest request, float[] key, TrainedParts parts, LanguageModel base) {
        String lead = parts.archive().lead(request.filledPrompt(), request.targetNew());
        return new Stored(request, key, base.tokenizer().encode(lead, true));
    }

    @Override
    public ModelOutput forward(NDManager manager, TokenBatch batch, Hooks hooks) {
        ensureUsable();
        refuseHooks(hooks);
        List<int[]> rows = batch.sequences();
        int[] route = route(rows);
        List<int[]> plain = new ArrayList<>();
        List<int[]> covered = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            (route[i] < 0 ? plain : covered).add(route[i] < 0 ? rows.get(i) : withLead(rows.get(i), route[i]));
        }
        ModelOutput base = plain.isEmpty() ? null : delegate().forward(manager, TokenBatch.of(plain), Hooks.none());
        ModelOutput counterfactual = covered.isEmpty() ? null
                : parts.replacement().forward(manager, TokenBatch.of(covered), Hooks.none());
        int longest = rows.stream().mapToInt(r -> r.length).max().orElseThrow();
        NDList out = new NDList();
        int nextPlain = 0;
        int nextCovered = 0;
        for (int i = 0; i < rows.size(); i++) {
            NDArray own = route[i] < 0 ? base.logits(nextPlain++) : counterfactual.logits(nextCovered++);
            int length = rows.get(i).length;
            own = own.get(new NDIndex("{}:, :", own.getShape().get(0) - length));
            if (length < longest) {
                own = manager.zeros(new Shape(longest - length, own.getShape().get(1)), own.getDataType())
                        .concat(own, 0);
            }
            out.add(own);
        }
        return new ModelOutput(NDArrays.stack(out), BatchLayout.of(rows, PaddingSide.LEFT));
    }

    @Override
    public List<int[]> generate(List<int[]> prompts, int maxNewTokens, Hooks hooks) {
        ensureUsable();
        refuseHooks(hooks);
        int[] route = route(prompts);
        List<int[]> plain = new ArrayList<>();
        List<int[]> covered = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            (route[i] < 0 ? plain : covered).add(route[i] < 0 ? prompts.get(i) : withLead(prompts.get(i), route[i]));
        }
        List<int[]> fromBase = plain.isEmpty() ? List.of() : delegate().generate(plain, maxNewTokens, Hooks.none());
        List<int[]> fromCounterfactual = covered.isEmpty() ? List.of()
                : parts.replacement().generate(covered, maxNewTokens, Hooks.none());
        List<int[]> out = new ArrayList<>();
        int nextPlain = 0;
        int nextCovered = 0;
        for (int r : route) {
            out.add(r < 0 ? fromBase.get(nextPlain++) : fromCounterfactual.get(nextCovered++));
        }
        return out;
    }

    /** For each row, the index of the stored edit that covers it, or −1. */
    int[] route(List<int[]> rows) {
        int[] route = new int[rows.size()];
        Arrays.fill(route, -1);
        if (edits.isEmpty()) {
            return route;
        }
        ScopeClassifier classifier = parts.classifier();
        try (NDManager m = NDManager.newBaseManager()) {
            List<String> texts = rows.stream().map(r -> tokenizer().decode(r)).toList();
            float[][] keys = edits.stream().map(Stored::key).toArray(float[][]::new);
            NDArray logP = classifier.logCoverage(classifier.embed(m, texts), m.create(keys), 1.0);
            float[] best = logP.max(new int[] {1}).toFloatArray();
            long[] nearest = logP.argMax(1).toLongArray();
            for (int i = 0; i < route.length; i++) {
                route[i] = Math.exp(best[i]) > ScopeClassifier.THRESHOLD ? (int) nearest[i] : -1;
            }
        }
        return route;
    }

    /**
     * {@code row} after edit {@code edit}'s lead-in (the row's own leading special tokens dropped). Generation from it
     * stops where the counterfactual model's positions end, as the base model's does at its own.
     */
    private int[] withLead(int[] row, int edit) {
        int[] lead = edits.get(edit).lead();
        int[] joined = leadIn.join(lead, row);
        int limit = parts.replacement().spec().maxPositions();
        if (joined.length > limit) {
            throw new IllegalArgumentException("a row of " + (joined.length - lead.length) + " tokens after its edit's"
                    + " lead-in of " + lead.length + " does not fit the counterfactual model's " + limit + " positions");
        }
        return joined;
    }

    private static void refuseHooks(Hooks hooks) {
        if (!hooks.sites().isEmpty()) {
            throw new IllegalArgumentException("a SERAC edit takes no hooks: covered rows are computed by another model");
        }
    }
}
