package dev.amend.harness;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Per-metric means of per-request scores, × 100: what every table of edit results shows (as ROME's and EasyEdit's). */
public final class Means {

    private Means() {}

    /**
     * Each metric's mean over the maps that hold it, times 100: rates in [0, 1] become %, fluency's bits ROME's scale.
     *
     * @param scores one map of metric → score per request
     */
    public static Map<String, Double> percent(List<? extends Map<String, Double>> scores) {
        Map<String, double[]> sums = new TreeMap<>();
        for (Map<String, Double> s : scores) {
            s.forEach((k, v) -> {
                double[] sum = sums.computeIfAbsent(k, key -> new double[2]);
                sum[0] += v;
                sum[1]++;
            });
        }
        Map<String, Double> means = new TreeMap<>();
        sums.forEach((k, sum) -> means.put(k, 100 * sum[0] / sum[1]));
        return means;
    }
}
