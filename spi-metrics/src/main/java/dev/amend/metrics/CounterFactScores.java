package dev.amend.metrics;

import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.Probe;
import dev.amend.api.metric.Metric;
import dev.amend.api.model.LanguageModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ROME's probability scores on CounterFact, for any data set whose requests know the true answer: an answer is
 * "more likely" than another when its mean per-token negative log-likelihood, teacher-forced after the same prompt,
 * is lower (ROME's {@code test_batch_prediction}). Per request, each in [0, 1]:
 * <ul>
 *   <li>{@code counterfact.efficacy}: the new target is more likely than the true one after the edit prompt;</li>
 *   <li>{@code counterfact.paraphrase}: the same after each rephrase prompt, averaged;</li>
 *   <li>{@code counterfact.neighborhood}: after each locality probe's prompt, its own answer (CounterFact's
 *       neighbourhood prompts: the true one) is more likely than the new target, averaged; probes whose answer is
 *       the new target are left out.</li>
 * </ul>
 * Requests without a ground truth get no score.
 */
final class CounterFactScores implements Metric<Void> {

    @Override
    public String semantics() {
        return "counterfact: ROME's probability scores per request — efficacy [P(new) > P(true)] after the edit "
                + "prompt, paraphrase the same averaged over rephrases, neighborhood [P(probe answer) > P(new)] averaged "
                + "over locality probes; P compared as mean per-token -log p of the answer, teacher-forced";
    }

    /** The pairs a request compares: for each, the probe that should win and the one that should lose. */
    private record Contest(String score, Probe winner, Probe loser) {}

    /** {@return nulls: the score needs nothing of the unedited model} */
    @Override
    public List<Void> observe(LanguageModel base, List<EditRequest> requests) {
        return Collections.nCopies(requests.size(), null);
    }

    @Override
    public List<Map<String, Double>> score(LanguageModel edited, List<EditRequest> requests, List<Void> observations) {
        List<List<Contest>> perRequest = requests.stream().map(CounterFactScores::contests).toList();
        List<Probe> probes = new ArrayList<>();
        perRequest.forEach(contests -> contests.forEach(c -> {
            probes.add(c.winner());
            probes.add(c.loser());
        }));
        List<Predictions> predictions = Predictions.of(edited, probes);
        List<Map<String, Double>> scores = new ArrayList<>();
        int next = 0;
        for (List<Contest> contests : perRequest) {
            Map<String, double[]> sums = new LinkedHashMap<>();   // score → {wins, contests}
            for (Contest c : contests) {
                double winner = predictions.get(next++).meanNegativeLogLikelihood();
                double loser = predictions.get(next++).meanNegativeLogLikelihood();
                double[] sum = sums.computeIfAbsent(c.score(), k -> new double[2]);
                sum[0] += winner < loser ? 1 : 0;
                sum[1]++;
            }
            Map<String, Double> score = new LinkedHashMap<>();
            sums.forEach((name, sum) -> score.put(name, sum[0] / sum[1]));
            scores.add(score);
        }
        return scores;
    }

    private static List<Contest> contests(EditRequest r) {
        List<Contest> contests = new ArrayList<>();
        if (r.groundTruth() == null || r.groundTruth().equals(r.targetNew())) {
            return contests;
        }
        contests.add(new Contest("counterfact.efficacy", new Probe(r.filledPrompt(), r.targetNew()),
                new Probe(r.filledPrompt(), r.groundTruth())));
        for (String rephrase : r.rephrasePrompts()) {
            contests.add(new Contest("counterfact.paraphrase", new Probe(rephrase, r.targetNew()),
                    new Probe(rephrase, r.groundTruth())));
        }
        r.localityProbes().values().forEach(group -> group.stream().filter(p -> !p.answer().equals(r.targetNew()))
                .forEach(p -> contests.add(new Contest("counterfact.neighborhood", p,
                        new Probe(p.prompt(), r.targetNew())))));
        return contests;
    }
}
