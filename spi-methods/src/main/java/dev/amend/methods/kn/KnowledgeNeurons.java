package dev.amend.methods.kn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.amend.api.model.HookPoint;
import dev.amend.api.model.HookSite;
import dev.amend.api.model.Hooks;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.TokenBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Knowledge-neuron attribution (Dai et al., 2022) as EasyEdit computes it for decoder-only models: for every layer, the
 * integrated gradient of the answer's probability with respect to each MLP neuron's activation at the prompt's last
 * token, from zero to its value in {@code steps} steps; neurons above {@code adaptive_threshold} times the largest
 * score are kept. Multi-token answers average the scores over their tokens, the prompt growing by the model's greedy
 * token each time, as EasyEdit does. Activations are read at {@link HookPoint#MLP_KEY} (after the non-linearity,
 * the paper's neurons; EasyEdit hooks GPT-2's pre-activation).
 */
final class KnowledgeNeurons {

    /** A neuron: a layer and an index among its MLP keys. */
    record Neuron(int layer, int index) {}

    private KnowledgeNeurons() {}

    /** The coarse neurons of one prompt for {@code answer} (token ids). */
    static List<Neuron> coarse(LanguageModel model, int[] prompt, int[] answer, KnHParams h) {
        int layers = model.spec().numLayers();
        int width = model.spec().mlpSize();
        double[][] scores = new double[layers][width];
        int[] tokens = prompt;
        for (int t = 0; t < answer.length; t++) {
            for (int layer = 0; layer < layers; layer++) {
                double[] s = layerScores(model, tokens, answer[t], layer, h);
                for (int i = 0; i < width; i++) {
                    scores[layer][i] += s[i] / answer.length;
                }
            }
            if (t + 1 < answer.length) {
                tokens = append(tokens, greedyNext(model, tokens));
            }
        }
        double max = Arrays.stream(scores).flatMapToDouble(Arrays::stream).max().orElse(0);
        double threshold = max * h.adaptiveThreshold();
        List<Neuron> neurons = new ArrayList<>();
        for (int layer = 0; layer < layers; layer++) {
            for (int i = 0; i < width; i++) {
                if (scores[layer][i] > threshold) {
                    neurons.add(new Neuron(layer, i));
                }
            }
        }
        return neurons;
    }

    /** Integrated gradients of {@code p(answer)} for the neurons of one layer at the prompt's last token. */
    static double[] layerScores(LanguageModel model, int[] prompt, int answer, int layer, KnHParams h) {
        HookSite site = HookSite.decoder(layer, HookPoint.MLP_KEY);
        int last = prompt.length - 1;
        try (NDManager m = NDManager.newBaseManager(model.spec().device())) {
            NDArray[] baseline = new NDArray[1];
            model.forward(m, TokenBatch.of(prompt), Hooks.none().observe(site,
                    a -> baseline[0] = a.get(new NDIndex("0, {}", last))));
            NDArray activation = baseline[0];
            double[] integrated = new double[(int) activation.getShape().get(0)];
            float[] alphas = new float[h.steps()];
            for (int i = 0; i < h.steps(); i++) {
                alphas[i] = h.steps() == 1 ? 1f : (float) i / (h.steps() - 1);
            }
            List<int[]> rows = new ArrayList<>();
            for (int r = 0; r < h.batchSize(); r++) {
                rows.add(prompt);
            }
            for (int from = 0; from < h.steps(); from += h.batchSize()) {
                try (NDManager step = m.newSubManager()) {
                    NDArray scaled = step.create(Arrays.copyOfRange(alphas, from, from + h.batchSize()),
                            new Shape(h.batchSize(), 1)).mul(activation.expandDims(0));
                    scaled.setRequiresGradient(true);
                    NDArray mask = lastPositionMask(step, h.batchSize(), prompt.length);
                    NDArray keep = step.ones(mask.getShape()).sub(mask);
                    try (GradientCollector collector = step.getEngine().newGradientCollector()) {
                        NDArray logits = model.forward(step, TokenBatch.of(rows), Hooks.none().replace(site,
                                (a, layout) -> a.mul(keep).add(mask.mul(scaled.expandDims(1))))).logits();
                        NDArray probability = logits.get(new NDIndex(":, -1, :")).softmax(-1)
                                .get(new NDIndex(":, {}", answer)).sum();
                        collector.backward(probability);
                    }
                    float[] gradient = scaled.getGradient().sum(new int[] {0}).toFloatArray();
                    for (int i = 0; i < integrated.length; i++) {
                        integrated[i] += gradient[i];
                    }
                }
            }
            float[] a = activation.toFloatArray();
            for (int i = 0; i < integrated.length; i++) {
                integrated[i] *= a[i] / h.steps();
            }
            return integrated;
        }
    }

    /** The greedy next token after {@code tokens}. */
    static int greedyNext(LanguageModel model, int[] tokens) {
        try (NDManager m = NDManager.newBaseManager(model.spec().device())) {
            return (int) model.forward(m, TokenBatch.of(tokens)).logits().get(new NDIndex("0, -1, :")).argMax()
                    .getLong();
        }
    }

    private static NDArray lastPositionMask(NDManager m, int rows, int length) {
        float[] mask = new float[rows * length];
        for (int r = 0; r < rows; r++) {
            mask[r * length + length - 1] = 1f;
        }
        return m.create(mask, new Shape(rows, length, 1));
    }

    private static int[] append(int[] tokens, int next) {
        int[] grown = Arrays.copyOf(tokens, tokens.length + 1);
        grown[tokens.length] = next;
        return grown;
    }
}
