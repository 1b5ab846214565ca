package dev.amend.metrics;

import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.Probe;
import dev.amend.api.metric.Metric;
import dev.amend.api.model.LanguageModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * EasyEdit's locality: on each locality probe ({@code prompt + " " + answer}, teacher-forced), the fraction of answer
 * positions where the edited model's argmax equals the unedited model's argmax. Observes, per request, the unedited
 * model's predictions on its probes.
 */
final class Locality implements Metric<List<Predictions>> {

    @Override
    public String semantics() {
        return "locality: on each locality probe (prompt + ' ' + answer, teacher-forced), the fraction of answer "
                + "positions whose post-edit argmax equals the pre-edit argmax (EasyEdit); mean over probes; scoring "
                + "pre_post_argmax_token_match (EasyEdit's default)";
    }

    @Override
    public List<List<Predictions>> observe(LanguageModel base, List<EditRequest> requests) {
        List<Map<String, List<Probe>>> perRequest = groups(requests);
        List<Predictions> flat = Predictions.of(base, ProbeGroups.flatten(perRequest));
        List<List<Predictions>> split = new ArrayList<>();
        int next = 0;
        for (Map<String, List<Probe>> groups : perRequest) {
            int n = groups.values().stream().mapToInt(List::size).sum();
            split.add(List.copyOf(flat.subList(next, next + n)));
            next += n;
        }
        return split;
    }

    @Override
    public List<Map<String, Double>> score(LanguageModel edited, List<EditRequest> requests,
                                          List<List<Predictions>> before) {
        List<Map<String, List<Probe>>> perRequest = groups(requests);
        List<Predictions> after = Predictions.of(edited, ProbeGroups.flatten(perRequest));
        List<Predictions> base = before.stream().flatMap(List::stream).toList();
        double[] agreement = new double[after.size()];
        for (int i = 0; i < agreement.length; i++) {
            agreement[i] = after.get(i).agreement(base.get(i));
        }
        return ProbeGroups.average("locality", perRequest, agreement);
    }

    private static List<Map<String, List<Probe>>> groups(List<EditRequest> requests) {
        return requests.stream().map(EditRequest::localityProbes).toList();
    }
}
