package dev.amend.harness.study;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.amend.toolkit.io.Hashing;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One point of a study's grid. Its {@link #id()} is a digest of what it computes, so a rerun of the same study
 * recognises the cells it already finished, whatever else in the file changed.
 */
public record StudyCell(int index, Path model, StudySpec.Dataset dataset, StudySpec.MethodEntry entry, Mode mode,
                        ObjectNode overrides, List<String> metrics) {

    private static final ObjectMapper JSON = new ObjectMapper();   // default settings: ids digest its output

    /** The grid in file order: models, then data sets, then methods, then modes, then overrides. */
    public static List<StudyCell> grid(StudySpec spec) {
        List<StudyCell> cells = new ArrayList<>();
        for (Path model : spec.models()) {
            for (StudySpec.Dataset dataset : spec.datasets()) {
                for (StudySpec.MethodEntry entry : spec.methods()) {
                    for (Mode mode : entry.modes()) {
                        for (ObjectNode overrides : entry.overrides()) {
                            cells.add(new StudyCell(cells.size(), model, dataset, entry, mode, overrides,
                                    spec.metrics()));
                        }
                    }
                }
            }
        }
        return cells;
    }

    /** Requests per apply call: 1 in single mode. */
    public int callSize() {
        return mode == Mode.SINGLE ? 1 : entry.batchSize();
    }

    /** What the cell computes: the identity its {@link #id()} digests, and what every row of it records. */
    public CellDescription describe() {
        // checkpoint_every absent when 1, metrics absent for the default metrics: earlier cells keep their ids
        Integer checkpointEvery = mode == Mode.SEQUENTIAL && entry.checkpointEvery() > 1
                ? entry.checkpointEvery() : null;
        return new CellDescription(entry.method(), entry.preset(),
                entry.hparams() == null ? null : entry.hparams().toString(), mode.key(), callSize(), checkpointEvery,
                overrides, model.toString(), dataset.path().toString(), dataset.limit(), metrics);
    }

    /** A short, stable digest of {@link #describe()}'s JSON. */
    public String id() {
        try {
            return Hashing.sha256Hex(JSON.writeValueAsString(describe())).substring(0, 12);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A label for tables and charts: method, preset or file, mode, overrides. */
    public String label() {
        String how = entry.preset() != null ? entry.preset() : entry.hparams() != null
                ? entry.hparams().getFileName().toString() : "defaults";
        String label = entry.method() + " " + how + " " + mode.key() + (mode == Mode.SINGLE ? "" : " " + callSize());
        return overrides.isEmpty() ? label : label + " " + overrides;
    }
}
