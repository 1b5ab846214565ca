package dev.amend.methods.kn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditContext;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.InvalidRequestException;
import dev.amend.api.edit.Probe;
import dev.amend.api.edit.WeightDelta;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.WeightKind;
import dev.amend.api.model.WeightSite;
import dev.amend.toolkit.edit.WeightDeltaEdit;
import dev.amend.toolkit.edit.WeightDeltaMethod;
import dev.amend.toolkit.model.TeacherForcing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * KN as EasyEdit's kn/kn_main.py apply_kn_to_model runs it: finds the knowledge neurons of the old answer
 * ({@code ground_truth}; integrated gradients, {@link KnowledgeNeurons}), then rewrites their value vectors (the
 * columns of the MLP output projection, GPT-2's Conv1D rows; knowledge_neurons.py modify_weights, mode "edit"): the
 * input embeddings of the model's greedy prediction (as many tokens as the target has) are subtracted and the new
 * target's embeddings added, with EasyEdit's weights (a single predicted token is subtracted twice, since its
 * embedding is a vector; target tokens, looked up by a list, are added once each).
 */
final class Kn extends WeightDeltaMethod {

    private final KnHParams h;

    Kn(KnHParams hparams) {
        this.h = hparams;
    }

    @Override
    public AppliedEdit apply(LanguageModel model, List<EditRequest> requests, EditContext context) {
        if (requests.size() != 1) {
            throw new IllegalArgumentException("kn edits one request per apply, got " + requests.size());
        }
        EditRequest request = requests.get(0);
        if (request.groundTruth() == null) {
            throw new InvalidRequestException("ground_truth", "is missing: KN finds the neurons of the old answer");
        }
        String prompt = request.filledPrompt();
        int[] old = answer(model, prompt, request.groundTruth(), "ground_truth");
        int[] target = answer(model, prompt, request.targetNew(), "target_new");
        List<KnowledgeNeurons.Neuron> neurons = KnowledgeNeurons.coarse(model, prompt, old, h);
        int[] predicted = h.answerTokens().equals(KnHParams.ALONE)
                ? KnowledgeNeurons.greedyText(model, prompt, target.length)
                : greedy(model, model.tokenizer().encode(prompt, true), target.length);
        Map<Integer, List<Integer>> byLayer = new TreeMap<>();
        neurons.forEach(n -> byLayer.computeIfAbsent(n.layer(), l -> new ArrayList<>()).add(n.index()));
        List<WeightDelta> deltas = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(model.spec().device())) {
            NDArray embeddings = model.weights().get(WeightSite.decoder(WeightKind.EMBED), manager);
            NDArray change = embeddings.get(new NDIndex(":, {}", target[0])).zerosLike();
            for (int t : target) {
                change.addi(embeddings.get(new NDIndex(":, {}", t)));
            }
            for (int p : predicted) {
                change.subi(embeddings.get(new NDIndex(":, {}", p)).mul(predicted.length == 1 ? 2 : 1));
            }
            for (Map.Entry<Integer, List<Integer>> layer : byLayer.entrySet()) {
                WeightSite site = WeightSite.decoder(layer.getKey(), WeightKind.MLP_OUT_PROJ);
                NDArray delta = manager.zeros(model.weights().shape(site));
                for (int index : layer.getValue()) {
                    delta.set(new NDIndex(":, {}", index), change);
                }
                delta.detach();
                deltas.add(new WeightDelta.Dense(site, delta));
            }
        }
        return WeightDeltaEdit.apply(model, context, KnProvider.NAME, h, requests, deltas);
    }

    /**
     * An answer's token ids: EasyEdit's knowledge_neurons.py _prepare_inputs ({@code tokenizer.encode(answer)}: no
     * leading space, special tokens included), or with {@code answer_tokens: in_context} the answer's tokens after the
     * prompt.
     */
    private int[] answer(LanguageModel model, String prompt, String answer, String key) {
        int[] ids = h.answerTokens().equals(KnHParams.ALONE)
                ? model.tokenizer().encode(answer, true)
                : TeacherForcing.of(model, List.of(new Probe(prompt, answer))).answer(0);
        if (ids.length == 0) {
            throw new InvalidRequestException(key, "'" + answer + "' has no tokens");
        }
        return ids;
    }

    private static int[] greedy(LanguageModel model, int[] prompt, int tokens) {
        int[] generated = model.generate(List.of(prompt), tokens).get(0);
        return generated.length == 0 ? new int[] {KnowledgeNeurons.greedyNext(model, prompt)} : generated;
    }
}
