package dev.amend.methods.wise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import dev.amend.api.InvalidInputException;
import dev.amend.api.model.HookPoint;
import dev.amend.api.model.HookSite;
import dev.amend.api.model.Hooks;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.Stack;
import dev.amend.api.model.TokenBatch;
import dev.amend.api.model.WeightKind;
import dev.amend.api.model.WeightSite;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * The model's MLP activation function, which EasyEdit's WISE applies to both outputs before it measures their distance
 * (wise/WISE.py euc: {@code ‖act(W′x) − act(Wx)‖}, {@code act = ACT2FN[config.hidden_act or activation_function]}) and
 * GRACE at an up projection puts its values through. The model API does not expose the config's activation, so it is
 * read off the model: the one of gelu_new (tanh), gelu (erf), relu and silu that turns the MLP's up (and gate)
 * projection of its input into its key. (Shared by WISE and GRACE; its place is a shared package.)
 */
public final class MlpActivation {

    private static final double GELU_TANH_SCALE = Math.sqrt(2 / Math.PI);
    /** The largest relative error of the activation that fits; the others miss by 1e-3 or more. */
    private static final double FITS = 1e-4;

    private MlpActivation() {}

    /** The candidates, by their names in HF's ACT2FN. */
    private static Map<String, UnaryOperator<NDArray>> candidates() {
        Map<String, UnaryOperator<NDArray>> all = new LinkedHashMap<>();
        all.put("gelu_new", MlpActivation::geluTanh);
        all.put("gelu", Activation::gelu);
        all.put("relu", Activation::relu);
        all.put("silu", x -> x.mul(Activation.sigmoid(x)));
        return all;
    }

    /**
     * {@return the activation of {@code model}'s MLP at {@code layer}}
     *
     * @throws InvalidInputException when none of the candidates computes the model's MLP keys
     */
    public static UnaryOperator<NDArray> of(LanguageModel model, int layer) {
        int[] ids = IntStream.range(0, Math.min(8, model.spec().vocabSize())).toArray();
        try (NDManager m = NDManager.newBaseManager(model.spec().device())) {
            NDArray[] seen = new NDArray[2];
            model.forward(m, TokenBatch.of(ids), Hooks.none()
                    .observe(HookSite.decoder(layer, HookPoint.MLP_IN), x -> seen[0] = x)
                    .observe(HookSite.decoder(layer, HookPoint.MLP_KEY), x -> seen[1] = x));
            NDArray up = project(model, m, seen[0], new WeightSite(Stack.DECODER, layer, WeightKind.MLP_IN_PROJ));
            WeightSite gateSite = new WeightSite(Stack.DECODER, layer, WeightKind.MLP_GATE_PROJ);
            NDArray gate = model.weights().sites().contains(gateSite) ? project(model, m, seen[0], gateSite) : null;
            double scale = seen[1].abs().max().getFloat() + 1e-12;
            String best = null;
            double bestError = Double.POSITIVE_INFINITY;
            for (Map.Entry<String, UnaryOperator<NDArray>> c : candidates().entrySet()) {
                NDArray key = gate == null ? c.getValue().apply(up) : c.getValue().apply(gate).mul(up);
                double error = key.sub(seen[1]).abs().max().getFloat() / scale;
                if (error < bestError) {
                    best = c.getKey();
                    bestError = error;
                }
            }
            if (bestError > FITS) {
                throw new InvalidInputException("WISE measures ‖act(W'x) − act(Wx)‖ with the model's activation, and "
                        + "none of gelu_new, gelu, relu, silu computes this model's MLP (closest: " + best + ", "
                        + bestError + "); set score: change to measure ‖ΔW x‖");
            }
            return candidates().get(best);
        }
    }

    /**
     * {@return {@code x · Wᵀ + b} for the weight at {@code site} and its bias, when the model has one}
     *
     * @param m where the weight's copy lives
     */
    public static NDArray project(LanguageModel model, NDManager m, NDArray x, WeightSite site) {
        NDArray y = x.matMul(model.weights().get(site, m).transpose());
        String weight = model.weights().parameterOf(site);
        String bias = weight.endsWith(".weight") ? weight.substring(0, weight.length() - ".weight".length()) + ".bias"
                : null;
        return bias != null && model.weights().parameterNames().contains(bias)
                ? y.add(model.weights().parameter(bias, m)) : y;
    }

    /**
     * GPT-2's gelu_new, {@code 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))}, computed as the equal
     * {@code x·sigmoid(2√(2/π)·x·(1 + 0.044715·x²))}, as the model adapters compute it (no {@code pow}, whose scalar
     * exponent gave NaN now and then).
     */
    public static NDArray geluTanh(NDArray x) {
        NDArray inner = x.mul(x).mul((float) (2 * GELU_TANH_SCALE * 0.044715)).add((float) (2 * GELU_TANH_SCALE))
                .mul(x);
        return x.mul(Activation.sigmoid(inner));
    }
}
