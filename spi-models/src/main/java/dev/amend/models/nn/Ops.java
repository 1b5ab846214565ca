package dev.amend.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import dev.amend.api.InvalidInputException;
import java.util.function.BiFunction;

/** Linear maps, norms and activations. */
public final class Ops {

    private static final double GELU_TANH_SCALE = Math.sqrt(2.0 / Math.PI);

    private Ops() {}

    /** {@code nn.Linear}: {@code x · Wᵀ + b} with {@code W} stored {@code out × in}; {@code bias} may be null. */
    public static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return (bias == null ? Linear.linear(x, weight) : Linear.linear(x, weight, bias)).singletonOrThrow();
    }

    /** LayerNorm over the last axis with gain and bias (GPT-2, GPT-J, GPT-NeoX): PyTorch's own kernel. */
    public static NDArray layerNorm(NDArray x, NDArray weight, NDArray bias, float eps) {
        Shape shape = x.getShape();
        return LayerNorm.layerNorm(x, new Shape(shape.tail()), weight, bias, eps).singletonOrThrow();
    }

    /** RMSNorm: {@code x / sqrt(mean(x²) + eps) · w}, without mean or bias (LLaMA, T5). */
    public static NDArray rmsNorm(NDManager m, NDArray x, NDArray weight, float eps) {
        NDArray meanSquare = x.mul(x).mean(new int[] {-1}, true);
        return x.div(meanSquare.add(m.create(eps)).sqrt()).mul(weight);
    }

    /**
     * The activation named by a HuggingFace config ({@code activation_function}, {@code hidden_act}, or T5's
     * {@code dense_act_fn}).
     *
     * @throws InvalidInputException for names Amend does not implement
     */
    public static BiFunction<NDManager, NDArray, NDArray> activation(String name, String source) {
        return switch (name) {
            case "gelu_new", "gelu_pytorch_tanh", "gelu_fast" -> Ops::geluTanh;
            case "gelu" -> (m, x) -> Activation.gelu(x);
            case "relu" -> (m, x) -> Activation.relu(x);
            case "silu", "swish" -> (m, x) -> x.mul(Activation.sigmoid(x));
            default -> throw new InvalidInputException(source + ": activation '" + name
                    + "' is not implemented (known: gelu_new, gelu_pytorch_tanh, gelu, relu, silu)");
        };
    }

    /**
     * GPT-2's gelu_new, {@code 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))}, computed as the equal
     * {@code x·sigmoid(2√(2/π)·x·(1 + 0.044715·x²))}: fewer passes over the activations.
     */
    public static NDArray geluTanh(NDManager m, NDArray x) {
        NDArray inner = x.mul(x).mul(m.create((float) (2 * GELU_TANH_SCALE * 0.044715)))
                .add(m.create((float) (2 * GELU_TANH_SCALE))).mul(x);
        return x.mul(Activation.sigmoid(inner));
    }
}
