package dev.amend.metrics;

import ai.djl.ndarray.NDManager;
import dev.amend.api.edit.Probe;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.ModelOutput;
import dev.amend.toolkit.model.TeacherForcing;
import java.util.ArrayList;
import java.util.List;

/**
 * A probe's answer tokens, the model's teacher-forced argmax at each of them and the answer's likelihood.
 *
 * @param answer                    the answer's token ids
 * @param predicted                 the model's prediction for each
 * @param meanNegativeLogLikelihood the mean over answer tokens of {@code -log p(token)}
 */
record Predictions(int[] answer, int[] predicted, double meanNegativeLogLikelihood) {

    /** Rows per forward pass. */
    private static final int CHUNK = 32;

    /** Fraction of answer tokens predicted. */
    double accuracy() {
        int hits = 0;
        for (int i = 0; i < answer.length; i++) {
            hits += answer[i] == predicted[i] ? 1 : 0;
        }
        return (double) hits / answer.length;
    }

    /** Fraction of answer positions where this and {@code other} predict the same token. */
    double agreement(Predictions other) {
        int same = 0;
        for (int i = 0; i < predicted.length; i++) {
            same += predicted[i] == other.predicted[i] ? 1 : 0;
        }
        return (double) same / predicted.length;
    }

    /** Teacher-forced predictions for each probe, in order, in batched forward passes. */
    static List<Predictions> of(LanguageModel model, List<Probe> probes) {
        List<Predictions> out = new ArrayList<>(probes.size());
        for (int from = 0; from < probes.size(); from += CHUNK) {
            TeacherForcing forcing = TeacherForcing.of(model, probes.subList(from, Math.min(probes.size(), from + CHUNK)));
            try (NDManager scratch = NDManager.newBaseManager(model.spec().device())) {
                ModelOutput output = model.forward(scratch, forcing.batch());
                for (int row = 0; row < forcing.size(); row++) {
                    out.add(new Predictions(forcing.answer(row), forcing.predicted(output, row),
                            forcing.meanNegativeLogLikelihood(output, row)));
                }
            }
        }
        return out;
    }
}
