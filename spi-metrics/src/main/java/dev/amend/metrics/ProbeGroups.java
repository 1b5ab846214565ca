package dev.amend.metrics;

import dev.amend.api.edit.Probe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Named groups of probes per request: flattened for one batched pass, and scores averaged back per group. */
final class ProbeGroups {

    private ProbeGroups() {}

    /** Every probe of every request, in order. */
    static List<Probe> flatten(List<Map<String, List<Probe>>> perRequest) {
        List<Probe> all = new ArrayList<>();
        perRequest.forEach(groups -> groups.values().forEach(all::addAll));
        return all;
    }

    /**
     * Per request: {@code name} = mean over all its probes and, when it has several groups, {@code name.group} = mean
     * over the group; an empty map for a request without probes.
     *
     * @param probeScores one score per probe, in {@link #flatten} order
     */
    static List<Map<String, Double>> average(String name, List<Map<String, List<Probe>>> perRequest,
                                             double[] probeScores) {
        List<Map<String, Double>> scores = new ArrayList<>();
        int next = 0;
        for (Map<String, List<Probe>> groups : perRequest) {
            Map<String, Double> score = new LinkedHashMap<>();
            double total = 0;
            int count = 0;
            for (Map.Entry<String, List<Probe>> group : groups.entrySet()) {
                double sum = 0;
                for (int i = 0; i < group.getValue().size(); i++) {
                    sum += probeScores[next++];
                }
                if (groups.size() > 1) {
                    score.put(name + "." + group.getKey(), sum / group.getValue().size());
                }
                total += sum;
                count += group.getValue().size();
            }
            if (count > 0) {
                score.put(name, total / count);
            }
            scores.add(score);
        }
        return scores;
    }
}
