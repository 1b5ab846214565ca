package dev.amend.harness.study;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.amend.api.HParams;
import dev.amend.api.InvalidInputException;
import dev.amend.api.Progress;
import dev.amend.api.edit.EditContext;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.harness.HParamsChoice;
import dev.amend.harness.data.EditDatasets;
import dev.amend.registry.AmendRuntime;
import dev.amend.registry.EditOutcome;
import dev.amend.registry.EditSequence;
import dev.amend.registry.Editor;
import dev.amend.registry.RequestScores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Runs a study's grid into its {@link ResultLog}. Everything is checked before any work (methods, modes against
 * capabilities, hparams, data records, model directories); each model is loaded once; each cell's units (one
 * request in single mode, one call's batch in batch mode, the whole sequence in sequential mode) are skipped when
 * the log already holds them; after every cell the model's weights fingerprint must equal the base one.
 */
public final class StudyRunner {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AmendRuntime runtime;
    private final Progress progress;
    private final Map<String, String> versions;

    /**
     * @param versions what produced the rows (Amend's version, say); the engine's and Java's are added
     */
    public StudyRunner(AmendRuntime runtime, Progress progress, Map<String, String> versions) {
        this.runtime = runtime;
        this.progress = progress;
        this.versions = new LinkedHashMap<>(versions);
        this.versions.put("djl", Engine.getDjlVersion());
        this.versions.put("java", System.getProperty("java.version"));
    }

    /** What a run did: units computed now and units found done in the log. */
    public record Summary(int cells, int unitsRun, int unitsSkipped) {}

    /** A cell made ready: its id (a digest, computed once), provider, hparams and requests. */
    private record Prepared(StudyCell cell, String id, EditMethodProvider<?> provider, HParams hparams,
                            List<EditRequest> requests) {}

    /**
     * Runs every unit of {@code spec} that {@code log} does not hold yet.
     *
     * @throws InvalidInputException before any work when the study cannot run as written
     * @throws IllegalStateException when a cell leaves the model's weights changed
     */
    public Summary run(StudySpec spec, ResultLog log) throws IOException {
        return run(check(spec), log);
    }

    /** A study checked and ready to run: what {@link #check} returns. */
    public static final class Plan {
        private final StudySpec spec;
        private final List<Prepared> cells;

        private Plan(StudySpec spec, List<Prepared> cells) {
            this.spec = spec;
            this.cells = cells;
        }
    }

    /**
     * Checks that {@code spec} can run (methods, modes against capabilities, hparams, data records, model
     * directories), without running it.
     *
     * @throws InvalidInputException naming the cell, file or record that is wrong
     */
    public Plan check(StudySpec spec) {
        return new Plan(spec, prepare(spec));
    }

    /** Runs every unit of a checked study that {@code log} does not hold yet. */
    public Summary run(Plan plan, ResultLog log) throws IOException {
        return run(plan.spec, plan.cells, log);
    }

    private Summary run(StudySpec spec, List<Prepared> cells, ResultLog log) throws IOException {
        Set<String> done = new HashSet<>();
        for (JsonNode row : log.rows()) {
            done.add(row.get("cell").asText() + "#" + row.get("unit").asInt());
        }
        Map<Path, List<Prepared>> todo = new LinkedHashMap<>();
        int skipped = 0;
        for (Prepared p : cells) {
            int finished = (int) IntStream.range(0, units(p)).filter(u -> done.contains(p.id() + "#" + u))
                    .count();
            skipped += finished;
            if (finished < units(p)) {
                todo.computeIfAbsent(p.cell().model(), m -> new ArrayList<>()).add(p);
            }
        }
        int run = 0;
        int total = cells.stream().mapToInt(StudyRunner::units).sum();
        try (Progress.Task task = progress.resume("study " + spec.name(), total, skipped)) {
            for (Map.Entry<Path, List<Prepared>> group : todo.entrySet()) {
                try (LanguageModel lm = runtime.models().load(group.getKey(), LoadOptions.cpu())) {
                    String base = lm.weights().fingerprint();
                    for (Prepared p : group.getValue()) {
                        run += runCell(spec, p, lm, base, log, done, task);
                        requireRestored(lm, base, p, group.getKey());
                    }
                }
            }
        }
        return new Summary(cells.size(), run, skipped);
    }

    private static void requireRestored(LanguageModel lm, String base, Prepared p, Path model) {
        String now = lm.weights().fingerprint();
        if (!now.equals(base)) {
            throw new IllegalStateException("cell " + p.id() + " (" + p.cell().label() + ") left the weights of "
                    + model + " changed: fingerprint " + now + ", base " + base);
        }
    }

    private List<Prepared> prepare(StudySpec spec) {
        Map<StudySpec.Dataset, List<EditRequest>> data = new HashMap<>();
        for (StudySpec.Dataset d : spec.datasets()) {
            List<EditRequest> all = EditDatasets.read(d.path());
            data.put(d, d.limit() > 0 && d.limit() < all.size() ? all.subList(0, d.limit()) : all);
        }
        for (Path model : spec.models()) {
            if (!Files.isRegularFile(model.resolve("config.json"))) {
                throw new InvalidInputException("model " + model + " has no config.json: not a model directory");
            }
        }
        List<Prepared> prepared = new ArrayList<>();
        for (StudyCell cell : StudyCell.grid(spec)) {
            EditMethodProvider<?> provider = runtime.providers().method(cell.entry().method());
            if (cell.mode().needs() != null && !provider.capabilities().has(cell.mode().needs())) {
                throw new InvalidInputException("cell " + cell.label() + ": " + provider.name() + " cannot run in "
                        + cell.mode().key() + " mode (no " + cell.mode().needs() + " capability; it has "
                        + provider.capabilities() + ")");
            }
            Map<String, String> overrides = new LinkedHashMap<>();
            cell.overrides().fields().forEachRemaining(e -> overrides.put(e.getKey(), e.getValue().toString()));
            HParams h;
            try {
                h = HParamsChoice.configure(runtime.hparams(), provider, cell.entry().hparams(),
                        cell.entry().preset(), overrides);
            } catch (IOException e) {
                throw new InvalidInputException("cell " + cell.label() + ": " + e.getMessage(), e);
            }
            prepared.add(new Prepared(cell, cell.id(), provider, h, data.get(cell.dataset())));
        }
        return prepared;
    }

    private static int units(Prepared p) {
        if (p.cell().mode() == Mode.SEQUENTIAL) {
            return 1;
        }
        int size = p.cell().callSize();
        return (p.requests().size() + size - 1) / size;
    }

    private int runCell(StudySpec spec, Prepared p, LanguageModel lm, String base, ResultLog log, Set<String> done,
                        Progress.Task task) throws IOException {
        StudyCell cell = p.cell();
        int units = units(p);
        int ran = 0;
        ObjectNode hparams = runtime.hparams().toTree(p.hparams());
        task.status(cell.label());
        try (Editor editor = runtime.editor(cell.entry().method(), p.hparams(), lm, EditContext.of(spec.seed(),
                Progress.NONE))) {
            for (int unit = 0; unit < units; unit++) {
                if (done.contains(p.id() + "#" + unit)) {
                    continue;
                }
                Engine.getInstance().setRandomSeed((int) spec.seed());
                List<ObjectNode> rows = cell.mode() == Mode.SEQUENTIAL
                        ? sequential(editor, p, task) : apply(editor, p, unit);
                MemoryUse memory = MemoryUse.now();
                for (ObjectNode row : rows) {
                    row.put("heap_bytes", memory.heapBytes());
                    row.put("resident_bytes", memory.residentBytes());
                    provenance(row, spec, p, unit, lm, base, hparams);
                }
                log.append(rows);
                ran++;
                task.advance(1);
            }
        }
        return ran;
    }

    private static List<ObjectNode> apply(Editor editor, Prepared p, int unit) {
        int from = unit * p.cell().callSize();
        int to = Math.min(p.requests().size(), from + p.cell().callSize());
        EditOutcome outcome = editor.edit(p.requests().subList(from, to));
        outcome.edit().close();
        List<ObjectNode> rows = new ArrayList<>();
        for (int i = 0; i < outcome.scores().size(); i++) {
            ObjectNode row = scores(from + i, outcome.scores().get(i));
            row.put("apply_seconds", outcome.applyTime().toNanos() / 1e9);
            row.put("evaluate_seconds", outcome.evaluateTime().toNanos() / 1e9);
            rows.add(row);
        }
        return rows;
    }

    private static List<ObjectNode> sequential(Editor editor, Prepared p, Progress.Task task) {
        List<ArrayNode> checkpoints = new ArrayList<>();
        p.requests().forEach(r -> checkpoints.add(JSON.createArrayNode()));
        List<RequestScores> last = List.of();
        double applySeconds = 0;
        try (EditSequence sequence = editor.sequence(p.requests())) {
            while (sequence.applied() < sequence.size()) {
                applySeconds += sequence.applyNext(p.cell().callSize()).toNanos() / 1e9;
                last = sequence.remeasure();
                task.status(p.cell().label() + ": " + sequence.applied() + " of " + sequence.size() + " edits");
                MemoryUse memory = MemoryUse.now();
                for (int i = 0; i < last.size(); i++) {
                    ObjectNode point = checkpoints.get(i).addObject();
                    point.put("edits", sequence.applied());
                    point.put("heap_bytes", memory.heapBytes());
                    point.put("resident_bytes", memory.residentBytes());
                    point.set("post", JSON.valueToTree(last.get(i).post()));
                }
            }
        }
        List<ObjectNode> rows = new ArrayList<>();
        for (int i = 0; i < last.size(); i++) {
            ObjectNode row = scores(i, last.get(i));
            row.set("checkpoints", checkpoints.get(i));
            row.put("apply_seconds", applySeconds);
            rows.add(row);
        }
        return rows;
    }

    private static ObjectNode scores(int index, RequestScores s) {
        ObjectNode row = JSON.createObjectNode();
        row.put("request_index", index);
        row.put("subject", s.request().subject());
        row.set("pre", JSON.valueToTree(s.pre()));
        row.set("post", JSON.valueToTree(s.post()));
        return row;
    }

    private void provenance(ObjectNode row, StudySpec spec, Prepared p, int unit, LanguageModel lm, String base,
                            ObjectNode hparams) {
        StudyCell cell = p.cell();
        ObjectNode head = JSON.createObjectNode();
        head.put("study", spec.name());
        head.put("cell", p.id());
        head.put("cell_index", cell.index());
        head.put("label", cell.label());
        head.put("unit", unit);
        head.setAll(cell.describe());
        head.put("model_fingerprint", base);
        head.put("device", lm.spec().device().toString());
        head.put("seed", spec.seed());
        head.set("versions", JSON.valueToTree(versions));
        head.set("hparams", hparams);
        head.setAll(row);
        row.removeAll();
        row.setAll(head);
    }
}
