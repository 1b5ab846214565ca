package dev.amend.trainers.serac;

import ai.djl.ndarray.NDManager;
import dev.amend.api.edit.Probe;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.ModelOutput;
import dev.amend.methods.data.TrainingRecords.TrainingRecord;
import dev.amend.methods.serac.SeracArchive;
import dev.amend.toolkit.model.TeacherForcing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the counterfactual model is trained on and measured by: per edit, its prompt and its rephrasing after the edit's
 * lead-in (answer: the new target). Also measured: its unrelated fact after the lead-in (answer: that fact's own), which
 * the model is not trained on: teaching it to answer unrelated subjects from memory there taught it to answer from
 * memory the subjects that are edits elsewhere (held-out prompts answered fell from 98 to 68 %).
 */
final class CounterfactualFigures {

    private static final String[] NAMES = {"counterfactual_prompts_answered", "counterfactual_rephrasings_answered",
        "counterfactual_unrelated_facts_kept"};

    private CounterfactualFigures() {}

    /** The in-scope probes of each record (prompt, rephrasing), then, with {@code unrelated}, its unrelated fact. */
    static List<Probe> probes(SeracArchive archive, List<TrainingRecord> records, boolean unrelated) {
        List<Probe> probes = new ArrayList<>();
        for (TrainingRecord r : records) {
            String lead = archive.lead(r.prompt(), r.target()) + " ";
            probes.add(new Probe(lead + r.prompt(), r.target()));
            probes.add(new Probe(lead + r.rephrase(), r.target()));
            if (unrelated) {
                probes.add(new Probe(lead + r.locality(), r.localityAnswer()));
            }
        }
        return probes;
    }

    /** The share of each kind of probe whose every answer token is the model's argmax. */
    static Map<String, Double> measure(LanguageModel model, SeracArchive archive, List<TrainingRecord> held) {
        List<Probe> probes = probes(archive, held, true);
        TeacherForcing forcing = TeacherForcing.of(model, probes);
        double[] right = new double[NAMES.length];
        try (NDManager m = NDManager.newBaseManager()) {
            ModelOutput output = model.forward(m, forcing.batch());
            for (int row = 0; row < probes.size(); row++) {
                right[row % NAMES.length] += Arrays.equals(forcing.predicted(output, row), forcing.answer(row)) ? 1 : 0;
            }
        }
        Map<String, Double> figures = new LinkedHashMap<>();
        for (int i = 0; i < NAMES.length; i++) {
            figures.put(NAMES[i], right[i] / held.size());
        }
        return figures;
    }
}
