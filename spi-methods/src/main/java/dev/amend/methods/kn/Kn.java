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
 * KN: finds the knowledge neurons of the old answer (integrated gradients, {@link KnowledgeNeurons}), then rewrites
 * their value vectors (the columns of the MLP output projection): the embeddings of the model's current prediction
 * are subtracted and the new target's embeddings added, with EasyEdit's weights (a single predicted token is
 * subtracted twice, target tokens are added once each).
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
        int[] promptIds = model.tokenizer().encode(prompt, true);
        int[] old = TeacherForcing.of(model, List.of(new Probe(prompt, request.groundTruth()))).answer(0);
        int[] target = TeacherForcing.of(model, List.of(new Probe(prompt, request.targetNew()))).answer(0);
        List<KnowledgeNeurons.Neuron> neurons = KnowledgeNeurons.coarse(model, promptIds, old, h);
        int[] predicted = greedy(model, promptIds, target.length);
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

    private static int[] greedy(LanguageModel model, int[] prompt, int tokens) {
        int[] generated = model.generate(List.of(prompt), tokens).get(0);
        return generated.length == 0 ? new int[] {KnowledgeNeurons.greedyNext(model, prompt)} : generated;
    }
}
