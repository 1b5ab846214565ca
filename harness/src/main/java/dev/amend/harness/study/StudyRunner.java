package dev.amend.harness.study;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.JsonNode;
import dev.amend.api.HParams;
import dev.amend.api.InvalidInputException;
import dev.amend.api.Progress;
import dev.amend.api.edit.EditMethodProvider;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.harness.HParamsChoice;
import dev.amend.harness.data.EditDatasets;
import dev.amend.harness.device.DevicePool;
import dev.amend.registry.AmendRuntime;
import dev.amend.registry.EditOutcome;
import dev.amend.registry.EditSequence;
import dev.amend.registry.ModelDirectories;
import dev.amend.registry.Provenance;
import dev.amend.registry.Editor;
import dev.amend.registry.RequestScores;
import dev.amend.toolkit.model.InputLength;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a study's grid into its {@link ResultLog}. Everything is checked before any work (methods, modes against
 * capabilities, hparams, data records, model directories); each model is loaded once; each cell's units (one
 * request in single mode, one call's batch in batch mode, the whole sequence in sequential mode) are skipped when
 * the log already holds them; after every cell the model's weights fingerprint must equal the base one. Each unit
 * appends one {@link StudyRow} per request, with the {@link Provenance} of the unit (versions, engine, fingerprint,
 * hparams, seed, device, the time it finished).
 */
public final class StudyRunner {

    private final AmendRuntime runtime;
    private final Progress progress;
    private final Map<String, String> versions;

    /**
     * @param versions what produced the rows, for the rows' {@code versions} field (a program's name, say); DJL's and
     *                 Java's are added (every row's {@link Provenance} records Amend's and the engine's as well)
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
        private final DevicePool devices;

        private Plan(StudySpec spec, List<Prepared> cells, DevicePool devices) {
            this.spec = spec;
            this.cells = cells;
            this.devices = devices;
        }

        /** The worker slots the study will run on. */
        public DevicePool devices() {
            return devices;
        }
    }

    /**
     * Checks that {@code spec} can run (methods, modes against capabilities, hparams, data records, model
     * directories), without running it.
     *
     * @throws InvalidInputException naming the cell, file or record that is wrong
     */
    public Plan check(StudySpec spec) {
        return new Plan(spec, prepare(spec), DevicePool.of(spec.devices()));
    }

    /**
     * Which part of a study one worker runs: cells whose index modulo {@code count} is {@code index}, on the pool's
     * slot {@code index}. Worker processes, one per slot, each run their shard into the same log.
     */
    public record Shard(int index, int count) {

        /** Every cell, on the pool's first slot. */
        public static final Shard ALL = new Shard(0, 1);

        public Shard {
            if (count < 1 || index < 0 || index >= count) {
                throw new IllegalArgumentException("shard " + index + "/" + count + ": expected 0 ≤ index < count");
            }
        }

        boolean has(StudyCell cell) {
            return cell.index() % count == index;
        }
    }

    /** Runs every unit of a checked study that {@code log} does not hold yet, on the pool's first slot. */
    public Summary run(Plan plan, ResultLog log) throws IOException {
        return run(plan, log, Shard.ALL);
    }

    /**
     * Runs the units of {@code shard}'s cells that {@code log} does not hold yet, on the pool's slot for it.
     *
     * @throws IllegalArgumentException when the pool has fewer slots than the shard count
     */
    public Summary run(Plan plan, ResultLog log, Shard shard) throws IOException {
        if (shard.count() > 1 && shard.count() != plan.devices.devices().size()) {
            throw new IllegalArgumentException("shard " + shard + " of a study with " + plan.devices.devices().size()
                    + " device slots");
        }
        Device device = plan.devices.devices().get(shard.index());
        StudySpec spec = plan.spec;
        List<Prepared> cells = plan.cells.stream().filter(p -> shard.has(p.cell())).toList();
        Set<String> done = new HashSet<>();
        for (StudyRow row : log.rows()) {
            done.add(row.place().cellId() + "#" + row.place().unit());
        }
        Map<Path, List<Prepared>> byModel = new LinkedHashMap<>();
        int skipped = 0;
        long editsDone = 0;
        for (Prepared p : cells) {
            int finished = 0;
            for (int u = 0; u < units(p); u++) {
                if (done.contains(p.id() + "#" + u)) {
                    finished++;
                    editsDone += unitRequests(p, u).size();
                }
            }
            skipped += finished;
            if (finished < units(p)) {
                byModel.computeIfAbsent(p.cell().model(), m -> new ArrayList<>()).add(p);
            }
        }
        int run = 0;
        long edits = cells.stream().mapToLong(p -> p.requests().size()).sum();
        String label = "study " + spec.name() + (shard.count() > 1 ? " " + shard.index() + "/" + shard.count() : "");
        // counted in edits, not units: a sequential cell is one unit but advances after every call
        try (Progress.Task task = progress.resume(label + " (edits)", edits, editsDone)) {
            for (Map.Entry<Path, List<Prepared>> group : byModel.entrySet()) {   // each model loaded once
                try (LanguageModel lm = runtime.models().load(group.getKey(), new LoadOptions(device))) {
                    for (Prepared p : group.getValue()) {   // every cell's requests fit, before any runs
                        InputLength.checkRequests(lm, p.requests(), p.cell().dataset().path());
                    }
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
            data.put(d, d.limit() > 0 ? EditDatasets.read(d.path(), d.limit()) : EditDatasets.read(d.path()));
        }
        for (Path model : spec.models()) {   // config.json readable and served by an adapter; weights load later
            try {
                runtime.providers().adapterForModelType(ModelDirectories.modelType(model));
            } catch (IOException e) {
                throw new InvalidInputException("model " + model + ": cannot read its config.json: " + e.getMessage(),
                        e);
            }
        }
        runtime.providers().metrics(spec.metrics());   // unknown names fail here, listing the metrics there are
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

    /** The requests of unit {@code unit}: all of them in sequential mode, else one call's. */
    private static List<EditRequest> unitRequests(Prepared p, int unit) {
        if (p.cell().mode() == Mode.SEQUENTIAL) {
            return p.requests();
        }
        int from = unit * p.cell().callSize();
        return p.requests().subList(from, Math.min(p.requests().size(), from + p.cell().callSize()));
    }

    private static int units(Prepared p) {
        if (p.cell().mode() == Mode.SEQUENTIAL) {
            return 1;
        }
        int size = p.cell().callSize();
        return (p.requests().size() + size - 1) / size;
    }

    /** One request's outcome in a unit, before the unit's cost and provenance are known. */
    private record Measured(StudyRow.Scores scores, CallTrace call, List<SequenceCheckpoint> checkpoints,
                            double applySeconds, double evaluateSeconds) {}

    private int runCell(StudySpec spec, Prepared p, LanguageModel lm, String base, ResultLog log, Set<String> done,
                        Progress.Task task) throws IOException {
        StudyCell cell = p.cell();
        int units = units(p);
        int ran = 0;
        JsonNode hparams = runtime.hparams().toTree(p.hparams());
        CellDescription description = cell.describe();
        StudyRow.Setting setting = new StudyRow.Setting(base, lm.spec().device().toString(), spec.seed(), versions,
                hparams);
        task.status(cell.label());
        try (Editor editor = runtime.editor(cell.entry().method(), p.hparams(), lm, runtime.context(spec.seed(),
                Progress.NONE), spec.metrics())) {
            for (int unit = 0; unit < units; unit++) {
                if (done.contains(p.id() + "#" + unit)) {
                    continue;
                }
                Engine.getInstance().setRandomSeed((int) spec.seed());
                List<Measured> measured = cell.mode() == Mode.SEQUENTIAL
                        ? sequential(editor, p, task) : apply(editor, p, unit);
                MemoryUse memory = MemoryUse.now();
                int arrays = MemoryUse.liveArrays();
                Provenance provenance = Provenance.now(base, hparams, spec.seed(), lm.spec().device());
                StudyRow.Place place = new StudyRow.Place(spec.name(), p.id(), cell.index(), cell.label(), unit);
                List<StudyRow> rows = new ArrayList<>();
                for (Measured m : measured) {
                    StudyRow.Cost cost = new StudyRow.Cost(m.applySeconds(), m.evaluateSeconds(), memory.heapBytes(),
                            memory.residentBytes(), arrays);
                    rows.add(new StudyRow(place, description, setting, m.scores(), m.call(), m.checkpoints(), cost,
                            editor.semantics(), provenance));
                }
                log.append(rows);
                ran++;
                if (cell.mode() != Mode.SEQUENTIAL) {
                    task.advance(rows.size());
                }
            }
        }
        return ran;
    }

    private static List<Measured> apply(Editor editor, Prepared p, int unit) {
        int from = unit * p.cell().callSize();
        EditOutcome outcome = editor.edit(unitRequests(p, unit));
        outcome.edit().close();
        List<Measured> measured = new ArrayList<>();
        for (int i = 0; i < outcome.scores().size(); i++) {
            measured.add(new Measured(scores(from + i, outcome.scores().get(i)), null, null,
                    outcome.applyTime().toNanos() / 1e9, outcome.evaluateTime().toNanos() / 1e9));
        }
        return measured;
    }

    /**
     * The whole sequence as one unit. Each request's row records the call that applied it ({@link CallTrace}) and
     * the re-measurements of every edit so far ({@link SequenceCheckpoint}: after every {@code checkpoint_every}
     * calls and after the last).
     */
    private static List<Measured> sequential(Editor editor, Prepared p, Progress.Task task) {
        List<CallTrace> calls = new ArrayList<>();
        List<List<SequenceCheckpoint>> checkpoints = new ArrayList<>();
        p.requests().forEach(r -> checkpoints.add(new ArrayList<>()));
        List<RequestScores> last = List.of();
        double applySeconds = 0;
        double evaluateSeconds = 0;
        int every = p.cell().entry().checkpointEvery();
        try (EditSequence sequence = editor.sequence(p.requests())) {
            for (int call = 1; sequence.applied() < sequence.size(); call++) {
                int from = sequence.applied();
                double took = sequence.applyNext(p.cell().callSize()).toNanos() / 1e9;
                applySeconds += took;
                CallTrace trace = CallTrace.now(sequence.applied(), took);
                for (int i = from; i < sequence.applied(); i++) {
                    calls.add(trace);
                }
                task.advance(sequence.applied() - from);
                task.status(p.cell().label() + ": " + sequence.applied() + " of " + sequence.size() + " edits");
                if (call % every != 0 && sequence.applied() < sequence.size()) {
                    continue;
                }
                long t0 = System.nanoTime();
                last = sequence.remeasure();
                evaluateSeconds += (System.nanoTime() - t0) / 1e9;
                MemoryUse memory = MemoryUse.afterCollection();
                int arrays = MemoryUse.liveArrays();
                for (int i = 0; i < last.size(); i++) {
                    checkpoints.get(i).add(new SequenceCheckpoint(sequence.applied(), memory.heapBytes(),
                            memory.residentBytes(), arrays, last.get(i).post()));
                }
            }
        }
        List<Measured> measured = new ArrayList<>();
        for (int i = 0; i < last.size(); i++) {
            measured.add(new Measured(scores(i, last.get(i)), calls.get(i), checkpoints.get(i), applySeconds,
                    evaluateSeconds));
        }
        return measured;
    }

    private static StudyRow.Scores scores(int index, RequestScores s) {
        return new StudyRow.Scores(index, s.request().subject(), s.pre(), s.post());
    }
}
