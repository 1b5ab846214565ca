package dev.amend.trainers.serac;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.amend.methods.data.TrainingRecords.TrainingRecord;
import dev.amend.methods.serac.ScopeClassifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How the classifier routes held-out records when all of them are stored edits: the share of edit prompts (with the new
 * target) and of rephrasings covered by their own edit and by none other more, and the share of unrelated facts
 * covered by none. These bound SERAC's reliability, generalization and locality on such edits.
 */
final class ScopeFigures {

    private ScopeFigures() {}

    static Map<String, Double> measure(ScopeClassifier classifier, List<TrainingRecord> held) {
        Map<String, Double> figures = new LinkedHashMap<>();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray stored = classifier.embed(m, held.stream().map(TrainingRecord::prompt).toList());
            figures.put("edit_prompts_routed_to_their_edit",
                    routedToOwn(classifier, m, stored, held, r -> r.prompt() + " " + r.target()));
            figures.put("rephrasings_routed_to_their_edit",
                    routedToOwn(classifier, m, stored, held, r -> r.rephrase() + " " + r.target()));
            float[] unrelated = logCoverage(classifier, m, stored, held, r -> r.locality() + " " + r.localityAnswer())
                    .max(new int[] {1}).exp().toFloatArray();
            double kept = 0;
            for (float p : unrelated) {
                kept += p <= ScopeClassifier.THRESHOLD ? 1 : 0;
            }
            figures.put("unrelated_facts_routed_to_none", kept / held.size());
        }
        return figures;
    }

    private static double routedToOwn(ScopeClassifier classifier, NDManager m, NDArray stored,
                                      List<TrainingRecord> held, Function<TrainingRecord, String> query) {
        NDArray logP = logCoverage(classifier, m, stored, held, query);
        float[] max = logP.max(new int[] {1}).exp().toFloatArray();
        long[] nearest = logP.argMax(1).toLongArray();
        double routed = 0;
        for (int i = 0; i < max.length; i++) {
            routed += max[i] > ScopeClassifier.THRESHOLD && nearest[i] == i ? 1 : 0;
        }
        return routed / held.size();
    }

    private static NDArray logCoverage(ScopeClassifier classifier, NDManager m, NDArray stored, List<TrainingRecord> held,
                                Function<TrainingRecord, String> query) {
        return classifier.logCoverage(classifier.embed(m, held.stream().map(query).toList()), stored, 1.0);
    }
}
