package dev.amend.examples.ft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import dev.amend.api.InvalidInputException;
import dev.amend.api.Progress;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditContext;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.Probe;
import dev.amend.api.edit.WeightDelta;
import dev.amend.api.model.HookPoint;
import dev.amend.api.model.HookSite;
import dev.amend.api.model.Hooks;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.ModelOutput;
import dev.amend.api.model.WeightKind;
import dev.amend.api.model.WeightSite;
import dev.amend.toolkit.edit.WeightDeltaEdit;
import dev.amend.toolkit.edit.WeightDeltaMethod;
import dev.amend.toolkit.model.TeacherForcing;
import java.util.ArrayList;
import java.util.List;

/**
 * Fine-tunes {@code ΔW} of each chosen MLP output projection with AdamW on the new targets' negative log-likelihood,
 * clamping every entry of {@code ΔW} to {@code [-norm_constraint, norm_constraint]} after each step.
 *
 * <p>The weights are not touched while training: since {@code MLP_OUT = MLP_KEY · Wᵀ + b}, the change
 * {@code MLP_KEY · ΔWᵀ} is added by a hook, which gives exact gradients for {@code ΔW}. The trained deltas are then
 * applied once, through {@link WeightDeltaEdit}, which makes the edit revertible and savable.
 */
final class ConstrainedFineTune extends WeightDeltaMethod {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final ConstrainedFineTuneHParams hparams;

    ConstrainedFineTune(ConstrainedFineTuneHParams hparams) {
        this.hparams = hparams;
    }

    // tag::apply[]
    @Override
    public AppliedEdit apply(LanguageModel model, List<EditRequest> requests, EditContext context) {
        List<WeightSite> sites = sites(model);
        TeacherForcing forcing = TeacherForcing.of(model,
                requests.stream().map(r -> new Probe(r.filledPrompt(), r.targetNew())).toList());
        try (NDManager training = NDManager.newBaseManager(model.spec().device())) {
            List<Adam> deltas = new ArrayList<>();
            for (WeightSite site : sites) {
                deltas.add(new Adam(training.zeros(model.weights().shape(site))));
            }
            try (Progress.Task task = context.progress().begin("constrained-ft", hparams.numSteps())) {
                for (int step = 1; step <= hparams.numSteps(); step++) {
                    double loss = step(model, forcing, sites, deltas, training, step);
                    task.advance(1);
                    task.status(String.format("loss %.4f", loss));
                }
            }
            List<WeightDelta> result = new ArrayList<>();
            for (int i = 0; i < sites.size(); i++) {
                NDArray delta = deltas.get(i).value.duplicate();
                delta.detach();
                result.add(new WeightDelta.Dense(sites.get(i), delta));
            }
            return WeightDeltaEdit.apply(model, context, ConstrainedFineTuneProvider.NAME, hparams, requests, result);
        }
    }

    // end::apply[]

    /** One AdamW step on every delta; returns the loss before the step. */
    private double step(LanguageModel model, TeacherForcing forcing, List<WeightSite> sites, List<Adam> deltas,
                        NDManager training, int step) {
        try (NDManager scope = training.newSubManager()) {
            List<NDArray> trainable = new ArrayList<>();
            Hooks hooks = Hooks.none();
            for (int i = 0; i < sites.size(); i++) {
                NDArray delta = deltas.get(i).value.duplicate();
                delta.attach(scope);
                delta.setRequiresGradient(true);
                trainable.add(delta);
                int layer = sites.get(i).layer();
                NDArray[] key = new NDArray[1];
                hooks = hooks.observe(HookSite.decoder(layer, HookPoint.MLP_KEY), k -> key[0] = k);
                hooks = hooks.replace(HookSite.decoder(layer, HookPoint.MLP_OUT),
                        (out, layout) -> out.add(key[0].matMul(delta.transpose())));
            }
            double loss;
            try (GradientCollector collector = training.getEngine().newGradientCollector()) {
                ModelOutput output = model.forward(scope, forcing.batch(), hooks);
                NDArray nll = forcing.meanNegativeLogLikelihood(scope, output);
                loss = nll.getFloat();
                collector.backward(nll);
            }
            for (int i = 0; i < deltas.size(); i++) {
                deltas.get(i).update(trainable.get(i).getGradient(), step);
            }
            return loss;
        }
    }

    private List<WeightSite> sites(LanguageModel model) {
        List<WeightSite> sites = new ArrayList<>();
        for (int layer : hparams.layers()) {
            WeightSite site = model.weights().resolveModule(hparams.rewriteModuleTmp(), layer);
            if (site.kind() != WeightKind.MLP_OUT_PROJ) {
                throw new InvalidInputException("rewrite_module_tmp '" + hparams.rewriteModuleTmp() + "' names " + site
                        + ", but constrained-ft tunes MLP output projections only");
            }
            sites.add(site);
        }
        return sites;
    }

    /** A delta with its AdamW moments; all arrays live in the training manager and never need gradients. */
    private final class Adam {
        private final NDArray value;
        private final NDArray firstMoment;
        private final NDArray secondMoment;

        Adam(NDArray zeros) {
            this.value = zeros;
            this.firstMoment = zeros.zerosLike();
            this.secondMoment = zeros.zerosLike();
        }

        /** One AdamW step; temporaries are freed by the scope, the state is updated in place. */
        void update(NDArray gradient, int step) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                double lr = hparams.lr();
                firstMoment.muli(BETA1).addi(gradient.mul(1 - BETA1));
                secondMoment.muli(BETA2).addi(gradient.mul(gradient).muli(1 - BETA2));
                NDArray direction = firstMoment.div(1 - Math.pow(BETA1, step))
                        .div(secondMoment.div(1 - Math.pow(BETA2, step)).sqrt().add(EPSILON));
                if (hparams.weightDecay() > 0) {
                    value.muli(1 - lr * hparams.weightDecay());
                }
                value.subi(direction.mul(lr));
                if (hparams.normConstraint() > 0) {
                    value.set(new NDIndex(":"), value.clip(-hparams.normConstraint(), hparams.normConstraint()));
                }
            }
        }
    }
}
