package dev.amend.metrics;

import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.Probe;
import dev.amend.api.metric.Metric;
import dev.amend.api.model.LanguageModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EasyEdit's generation-based scoring, the one it applies to GRACE ({@code metric_meta} protocol
 * {@code vanilla_generation}): reliability, generalization and portability as {@link GeneratedTails#accuracy} of
 * the edit prompt, each rephrase and each portability probe; locality as the agreement of the pre- and post-edit
 * tails on each locality probe ({@code pre_post_generated_token_match}). Scores are named {@code <metric>_gen} so
 * that they sit beside the teacher-forced ones in one report. Observes the unedited model's locality tails.
 */
final class VanillaGeneration implements Metric<List<GeneratedTails>> {

    static final String SEMANTICS = "scoring vanilla_generation (EasyEdit's GRACE path of test_prediction_acc): the "
            + "answer tokenized alone, without a leading space or special tokens (k ids); k greedy tokens after the "
            + "prompt; mean over the last k ids of (id == answer id) for reliability_gen, generalization_gen, "
            + "portability_gen; locality_gen: mean of (pre-edit id == post-edit id) over those k ids";

    @Override
    public String semantics() {
        return SEMANTICS;
    }

    @Override
    public List<List<GeneratedTails>> observe(LanguageModel base, List<EditRequest> requests) {
        List<Map<String, List<Probe>>> perRequest = requests.stream().map(EditRequest::localityProbes).toList();
        return split(GeneratedTails.of(base, ProbeGroups.flatten(perRequest)), perRequest);
    }

    @Override
    public List<Map<String, Double>> score(LanguageModel edited, List<EditRequest> requests,
                                          List<List<GeneratedTails>> before) {
        List<Map<String, Double>> scores = new ArrayList<>();
        requests.forEach(r -> scores.add(new LinkedHashMap<>()));
        accuracy(edited, requests, "reliability_gen",
                r -> Map.of("edit", List.of(new Probe(r.filledPrompt(), r.targetNew()))), scores);
        accuracy(edited, requests, "generalization_gen", r -> r.rephrasePrompts().isEmpty() ? Map.of()
                : Map.of("rephrase", r.rephrasePrompts().stream().map(p -> new Probe(p, r.targetNew())).toList()),
                scores);
        accuracy(edited, requests, "portability_gen", r -> new LinkedHashMap<>(r.portabilityProbes()), scores);
        List<Map<String, List<Probe>>> locality = requests.stream().map(EditRequest::localityProbes).toList();
        List<GeneratedTails> after = GeneratedTails.of(edited, ProbeGroups.flatten(locality));
        List<GeneratedTails> base = before.stream().flatMap(List::stream).toList();
        double[] agreement = new double[after.size()];
        for (int i = 0; i < agreement.length; i++) {
            agreement[i] = after.get(i).agreement(base.get(i));
        }
        List<Map<String, Double>> local = ProbeGroups.average("locality_gen", locality, agreement);
        for (int i = 0; i < scores.size(); i++) {
            scores.get(i).putAll(local.get(i));
        }
        return scores;
    }

    private static void accuracy(LanguageModel model, List<EditRequest> requests, String name,
                                 java.util.function.Function<EditRequest, Map<String, List<Probe>>> probes,
                                 List<Map<String, Double>> into) {
        List<Map<String, List<Probe>>> perRequest = requests.stream().map(probes).toList();
        double[] accuracy = GeneratedTails.of(model, ProbeGroups.flatten(perRequest)).stream()
                .mapToDouble(GeneratedTails::accuracy).toArray();
        List<Map<String, Double>> averaged = ProbeGroups.average(name, perRequest, accuracy);
        for (int i = 0; i < into.size(); i++) {
            into.get(i).putAll(averaged.get(i));
        }
    }

    private static List<List<GeneratedTails>> split(List<GeneratedTails> flat, List<Map<String, List<Probe>>> groups) {
        List<List<GeneratedTails>> out = new ArrayList<>();
        int next = 0;
        for (Map<String, List<Probe>> g : groups) {
            int n = g.values().stream().mapToInt(List::size).sum();
            out.add(List.copyOf(flat.subList(next, next + n)));
            next += n;
        }
        return out;
    }
}
