package dev.amend.api.edit;

import dev.amend.api.Progress;
import dev.amend.api.model.ModelLoader;
import java.util.Objects;

/** What the runner gives a method for one {@link EditMethod#apply} or {@link EditMethod#restore} call. */
public interface EditContext {

    /** {@return seed for anything random the method does, so that edits are reproducible} */
    long seed();

    /** {@return where to report progress of long steps} */
    Progress progress();

    /**
     * {@return the loader of the model directories a method's hparams name besides the edited model (SERAC's trained
     * classifier and counterfactual model, in its {@code archive}), with the runner's adapters}
     *
     * @throws IllegalStateException when the context was made without a loader
     */
    ModelLoader models();

    /**
     * {@return a context with the given seed, progress and model loader}
     *
     * @param seed the random seed
     * @param progress where progress is shown
     * @param models how methods load other models (a trained archive's, say)
     */
    static EditContext of(long seed, Progress progress, ModelLoader models) {
        return new Fixed(seed, progress, models, true);
    }

    /**
     * {@return a context with the given seed and progress that loads no models (enough for every method without an
     * archive)}
     *
     * @param seed the random seed
     * @param progress where progress is shown
     */
    static EditContext of(long seed, Progress progress) {
        return new Fixed(seed, progress, null, false);
    }

    /** {@return seed 0, no progress output, no model loader} */
    static EditContext defaults() {
        return of(0L, Progress.NONE);
    }

    /**
     * The contexts made by the factories above.
     *
     * @param seed the random seed
     * @param progress where progress is shown
     * @param loader how methods load other models, or null when the context loads none
     * @param needsLoader whether a loader must be given
     */
    record Fixed(long seed, Progress progress, ModelLoader loader, boolean needsLoader) implements EditContext {

        /**
         * Checks that progress (and, where needed, the loader) are given.
         *
         * @param seed the random seed
         * @param progress where progress is shown
         * @param loader how methods load other models, or null when the context loads none
         * @param needsLoader whether a loader must be given
         */
        public Fixed {
            Objects.requireNonNull(progress, "progress");
            if (needsLoader) {
                Objects.requireNonNull(loader, "models");
            }
        }

        @Override
        public ModelLoader models() {
            if (loader == null) {
                throw new IllegalStateException("this edit context has no model loader, and the method loads models"
                        + " named in its hparams: make the context with EditContext.of(seed, progress, models)");
            }
            return loader;
        }
    }
}
