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
 * Knowledge-neuron attribution (Dai et al., 2022) as EasyEdit's knowledge_neurons computes it for decoder-only models
 * (knowledge_neurons.py get_scores_for_layer, get_coarse_neurons): for every layer, the integrated gradient of the
 * answer token's probability with respect to each neuron at the prompt's last token, the neuron scaled from zero to its
 * value by {@code torch.linspace(0, 1, steps)}; a multi-token answer averages the scores of its tokens (positions as
 * {@link KnHParams#answerPositionsFor}); neurons above {@code adaptive_threshold} times the largest score of all
 * layers are kept, in (layer, index) order. Neurons are read at {@link HookPoint#MLP_PRE} by default (EasyEdit's
 * {@code input_ff_attr}: GPT-2's c_fc, GPT-J's fc_in, LLaMA's gate_proj), or at {@link HookPoint#MLP_KEY}.
 */
final class KnowledgeNeurons {

    /** A neuron: a layer and an index among its MLP neurons. */
    record Neuron(int layer, int index) {}

    private KnowledgeNeurons() {}

    /** The coarse neurons of {@code prompt} for {@code answer} (token ids). */
    static List<Neuron> coarse(LanguageModel model, String prompt, int[] answer, KnHParams h) {
        double[][] scores = scores(model, prompt, answer, h);
        double max = Arrays.stream(scores).flatMapToDouble(Arrays::stream).max().orElse(0);
        double threshold = max * h.adaptiveThreshold();
        List<Neuron> neurons = new ArrayList<>();
        for (int layer = 0; layer < scores.length; layer++) {
            for (int i = 0; i < scores[layer].length; i++) {
                if (scores[layer][i] > threshold) {
                    neurons.add(new Neuron(layer, i));
                }
            }
        }
        return neurons;
    }

    /** The attribution scores {@code [layer][neuron]}, averaged over the answer's tokens. */
    static double[][] scores(LanguageModel model, String prompt, int[] answer, KnHParams h) {
        int layers = model.spec().numLayers();
        double[][] scores = new double[layers][model.spec().mlpSize()];
        String positions = h.answerPositionsFor(model.spec().modelType());
        String text = prompt;
        int[] tokens = model.tokenizer().encode(prompt, true);
        for (int t = 0; t < answer.length; t++) {
            for (int layer = 0; layer < layers; layer++) {
                double[] s = layerScores(model, tokens, answer[t], layer, h);
                for (int i = 0; i < s.length; i++) {
                    scores[layer][i] += s[i] / answer.length;
                }
            }
            if (t + 1 < answer.length && !positions.equals(KnHParams.LAST)) {
                int next = greedyNext(model, tokens);
                if (positions.equals(KnHParams.GREEDY_TEXT)) {
                    text += model.tokenizer().decode(new int[] {next});
                    tokens = model.tokenizer().encode(text, true);
                } else if (positions.equals(KnHParams.GREEDY_TOKENS)) {
                    tokens = append(tokens, next);
                }
            }
        }
        return scores;
    }

    /** Integrated gradients of {@code p(answer)} for the neurons of one layer at the prompt's last token. */
    static double[] layerScores(LanguageModel model, int[] prompt, int answer, int layer, KnHParams h) {
        HookSite site = HookSite.decoder(layer,
                h.neuronSite().equals(KnHParams.KEY) ? HookPoint.MLP_KEY : HookPoint.MLP_PRE);
        int last = prompt.length - 1;
        try (NDManager m = NDManager.newBaseManager(model.spec().device())) {
            NDArray[] baseline = new NDArray[1];
            model.forward(m, TokenBatch.of(prompt), Hooks.none().observe(site,
                    a -> baseline[0] = a.get(new NDIndex("0, {}", last))));
            NDArray activation = baseline[0];
            double[] integrated = new double[(int) activation.getShape().get(0)];
            float[] alphas = linspace(h.steps());
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

    /** {@code torch.linspace(0, 1, steps)}: a single step is 0. */
    static float[] linspace(int steps) {
        float[] alphas = new float[steps];
        for (int i = 1; i < steps; i++) {
            alphas[i] = (float) i / (steps - 1);
        }
        return alphas;
    }

    /** The greedy next token after {@code tokens}. */
    static int greedyNext(LanguageModel model, int[] tokens) {
        try (NDManager m = NDManager.newBaseManager(model.spec().device())) {
            return (int) model.forward(m, TokenBatch.of(tokens)).logits().get(new NDIndex("0, -1, :")).argMax()
                    .getLong();
        }
    }

    /**
     * EasyEdit's knowledge_neurons.py _generate: {@code count} greedy tokens, the prompt text growing by each decoded
     * token and re-tokenized (special tokens included) before the next.
     */
    static int[] greedyText(LanguageModel model, String prompt, int count) {
        int[] out = new int[count];
        String text = prompt;
        for (int i = 0; i < count; i++) {
            out[i] = greedyNext(model, model.tokenizer().encode(text, true));
            text += model.tokenizer().decode(new int[] {out[i]});
        }
        return out;
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
