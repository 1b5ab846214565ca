package dev.amend.methods.ike;

import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditContext;
import dev.amend.api.edit.EditMethod;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.EditState;
import dev.amend.api.model.LanguageModel;
import dev.amend.toolkit.edit.RuntimeEdit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * IKE (Zheng et al., 2023) as EasyEdit runs it: for each edit, the {@code k} demonstrations of the training pool most
 * similar (all-MiniLM-L6-v2, cosine) to {@code "New Fact: {prompt} {target}\nPrompt: {prompt}"} are put before the
 * model's input, most similar first, followed by the edit's fact. The weights never change: the edit is an
 * {@link IkeModel} view; an edit made on an IKE view adds its context to that view's.
 */
final class Ike implements EditMethod {

    private final IkeHParams h;

    Ike(IkeHParams hparams) {
        this.h = hparams;
    }

    @Override
    public AppliedEdit apply(LanguageModel model, List<EditRequest> requests, EditContext context) {
        IkeModel previous = model instanceof IkeModel i ? i : null;
        LanguageModel base = previous == null ? model : previous.delegate();
        Demonstrations pool = h.demonstrations() == 0 ? null : Demonstrations.of(base, h);
        List<IkeModel.Context> contexts = new ArrayList<>(previous == null ? List.of() : previous.contexts());
        Embedder embedder = Embedder.of(base);
        List<float[]> keys = embedder.embed(requests.stream().map(EditRequest::filledPrompt).toList());
        for (int i = 0; i < requests.size(); i++) {
            EditRequest request = requests.get(i);
            String fact = fact(request);
            List<String> demos = pool == null ? List.of()
                    : pool.nearest(h.demonstration(fact, request.filledPrompt()), h.demonstrations());
            contexts.add(IkeModel.Context.of(request, demos, h.lead(fact), keys.get(i)));
        }
        IkeModel view = new IkeModel(base, contexts, embedder);
        EditState state = state(base, contexts, context.seed());
        AutoCloseable nothing = () -> { };
        return previous == null ? RuntimeEdit.of(view, state, nothing)
                : RuntimeEdit.extending(previous, view, state, nothing);
    }

    /** Rebuilds the saved contexts (demonstrations as saved; the pool is not needed). */
    @Override
    public AppliedEdit restore(LanguageModel model, EditState saved, EditContext context) {
        saved.requireMadeOn(model);
        List<EditRequest> requests = saved.requests();
        Embedder embedder = Embedder.of(model);
        List<float[]> keys = embedder.embed(requests.stream().map(EditRequest::filledPrompt).toList());
        List<IkeModel.Context> contexts = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            List<String> demos = new ArrayList<>();
            for (int j = 0; saved.attributes().containsKey(key(i, j)); j++) {
                demos.add(saved.attributes().get(key(i, j)));
            }
            contexts.add(IkeModel.Context.of(requests.get(i), demos, h.lead(fact(requests.get(i))), keys.get(i)));
        }
        return RuntimeEdit.of(new IkeModel(model, contexts, embedder), state(model, contexts, saved.seed()), () -> { });
    }

    private String fact(EditRequest request) {
        return h.bare(request.filledPrompt()) + " " + request.targetNew();
    }

    private EditState state(LanguageModel base, List<IkeModel.Context> contexts, long seed) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < contexts.size(); i++) {
            List<String> demos = contexts.get(i).demonstrations();
            for (int j = 0; j < demos.size(); j++) {
                attributes.put(key(i, j), demos.get(j));
            }
        }
        return new EditState(IkeProvider.NAME, h, contexts.stream().map(IkeModel.Context::request).toList(),
                base.weights().fingerprint(), seed, List.of(), Map.of(), attributes);
    }

    private static String key(int edit, int demo) {
        return "edit." + edit + ".demo." + demo;
    }
}
