package dev.amend.methods.serac;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditContext;
import dev.amend.api.edit.EditMethod;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.EditState;
import dev.amend.api.model.LanguageModel;
import dev.amend.toolkit.edit.RuntimeEdit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SERAC (Mitchell et al., 2022): an edit is stored, not written into weights. The archive's scope classifier
 * embeds each stored edit's text ({@link ScopeClassifier#storedText}, EasyEdit's cache input); the edited model is
 * a {@link SeracModel} view. An edit made on a SERAC view adds
 * to that view's memory and shares its loaded models.
 */
final class Serac implements EditMethod {

    private final SeracHParams h;

    Serac(SeracHParams hparams) {
        this.h = hparams;
    }

    @Override
    public AppliedEdit apply(LanguageModel model, List<EditRequest> requests, EditContext context) {
        SeracModel previous = model instanceof SeracModel s ? s : null;
        LanguageModel base = previous == null ? model : previous.delegate();
        TrainedParts parts = previous == null ? load(base, context) : previous.parts().share();
        return edit(base, parts, previous, requests, context.seed());
    }

    /** Stores the saved requests again (their embeddings are recomputed: the classifier is deterministic). */
    @Override
    public AppliedEdit restore(LanguageModel model, EditState saved, EditContext context) {
        saved.requireMadeOn(model);
        return edit(model, load(model, context), null, saved.requests(), saved.seed());
    }

    private TrainedParts load(LanguageModel base, EditContext context) {
        return TrainedParts.load(SeracArchive.read(Path.of(h.archive())), base, context.models());
    }

    /**
     * A view storing {@code requests} after {@code previous}'s edits (none when null), made with {@code seed}; on
     * failure its share of the parts is released.
     */
    private AppliedEdit edit(LanguageModel base, TrainedParts parts, SeracModel previous, List<EditRequest> requests,
                             long seed) {
        try {
            List<SeracModel.Stored> edits = new ArrayList<>(previous == null ? List.of() : previous.edits());
            edits.addAll(store(requests, parts));
            SeracModel view = new SeracModel(base, parts, edits, h.soft());
            EditState state = state(base, edits, seed);
            return previous == null ? RuntimeEdit.of(view, state, parts)
                    : RuntimeEdit.extending(previous, view, state, parts);
        } catch (RuntimeException e) {
            parts.close();
            throw e;
        }
    }

    private static List<SeracModel.Stored> store(List<EditRequest> requests, TrainedParts parts) {
        List<SeracModel.Stored> stored = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray keys = parts.classifier().embed(m, requests.stream()
                    .map(r -> ScopeClassifier.storedText(r.filledPrompt(), r.targetNew())).toList());
            for (int i = 0; i < requests.size(); i++) {
                stored.add(SeracModel.store(requests.get(i), keys.get(i).toFloatArray(), parts));
            }
        }
        return stored;
    }

    private EditState state(LanguageModel base, List<SeracModel.Stored> edits, long seed) {
        return new EditState(SeracProvider.NAME, h, edits.stream().map(SeracModel.Stored::request).toList(),
                base.weights().fingerprint(), seed, List.of(), Map.of(), Map.of());
    }
}
