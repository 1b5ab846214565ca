package dev.amend.methods.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;

/**
 * PyTorch's Adam (optionally with decoupled weight decay, AdamW) for one array that methods train outside the model:
 * a v* delta, a fine-tuning delta. The value and moments never require gradients; each step reads the gradient of a
 * trainable copy (see {@link #trainableCopy}) and updates the value in place.
 */
public final class Adam {

    private static final double EPSILON = 1e-8;

    private final NDArray value;
    private final NDArray firstMoment;
    private final NDArray secondMoment;
    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double weightDecay;
    private final boolean decoupled;
    private int step;

    /**
     * @param state       receives the moments: a manager that lives as long as the training, never the model's own
     *                    (moments attached there would outlive every edit)
     * @param value       the array trained, updated in place: a value of this optimizer's own, or a live model
     *                    parameter that requires a gradient (updated outside gradient recording)
     * @param weightDecay PyTorch's {@code weight_decay}
     * @param decoupled   AdamW's decoupled decay when true, Adam's L2 term added to the gradient when false
     */
    public Adam(NDManager state, NDArray value, double lr, double beta1, double beta2, double weightDecay,
                boolean decoupled) {
        this.value = value;
        this.firstMoment = state.zeros(value.getShape(), value.getDataType());
        this.secondMoment = state.zeros(value.getShape(), value.getDataType());
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
    }

    /** {@code torch.optim.Adam} with its default betas and no weight decay; the moments live with {@code initial}. */
    public static Adam of(NDArray initial, double lr) {
        return new Adam(initial.getManager(), initial, lr, 0.9, 0.999, 0, false);
    }

    /** The current value (live: later steps change it in place). */
    public NDArray value() {
        return value;
    }

    /** A copy of the value that requires a gradient, attached to {@code manager}: use it in one forward pass. */
    public NDArray trainableCopy(NDManager manager) {
        NDArray copy = value.duplicate();
        copy.attach(manager);
        copy.setRequiresGradient(true);
        return copy;
    }

    /** One step with {@code gradient}; temporaries are freed, the state is updated in place. */
    public void update(NDArray gradient) {
        step++;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray g = weightDecay > 0 && !decoupled ? gradient.add(value.mul(weightDecay)) : gradient;
            firstMoment.muli(beta1).addi(g.mul(1 - beta1));
            secondMoment.muli(beta2).addi(g.mul(g).muli(1 - beta2));
            NDArray direction = firstMoment.div(1 - Math.pow(beta1, step))
                    .div(secondMoment.div(1 - Math.pow(beta2, step)).sqrt().add(EPSILON));
            if (weightDecay > 0 && decoupled) {
                value.muli(1 - lr * weightDecay);
            }
            value.subi(direction.mul(lr));
        }
    }
}
