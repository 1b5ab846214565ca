package dev.amend.harness.study;

import dev.amend.harness.Means;
import dev.amend.harness.chart.BarChart;
import dev.amend.harness.chart.LineChart;
import dev.amend.toolkit.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Renders a study's rows ({@link StudyRow}), and nothing else, into {@code report.md} (the table of every cell's mean
 * metrics), {@code results.csv}, one bar chart per metric ({@code bars-METRIC.svg}), one decay curve per sequential
 * cell ({@code curve-CELL.svg}), {@code efficiency.csv} (wall times and peak memory) and, per sequential cell, its
 * memory after each call ({@code memory-CELL.csv}, {@code memory-CELL.svg}). All but the efficiency and memory files
 * depend only on the metric values, so an interrupted and resumed study renders them the same as an uninterrupted one.
 */
public final class StudyReport {

    /** The seed paper's column order; other metrics follow alphabetically. */
    private static final List<String> PAPER_ORDER = List.of("reliability", "generalization", "locality",
            "portability");

    private static final double MIB = 1024.0 * 1024.0;

    private StudyReport() {}

    /** One cell's rows, summarised. */
    record CellSummary(int index, String id, String label, StudyRow first, int requests, Map<String, Double> post,
                       TreeMap<Integer, Map<String, Double>> curve, MemoryTrace memory, double applySeconds,
                       double evaluateSeconds, long peakHeapBytes, long peakResidentBytes) {}

    /**
     * A sequential cell's memory, by edits applied: heap in use and resident set after each call (bytes); heap still
     * reachable after a full collection, resident set (bytes) and live NDArrays at each checkpoint.
     */
    record MemoryTrace(TreeMap<Integer, long[]> calls, TreeMap<Integer, long[]> checkpoints) {
        boolean isEmpty() {
            return calls.isEmpty();
        }
    }

    /**
     * Writes the report files into {@code dir}.
     *
     * @return the Markdown report's text
     */
    public static String render(List<StudyRow> rows, Path dir) throws IOException {
        List<CellSummary> cells = summarise(rows);
        TreeSet<String> found = new TreeSet<>();
        cells.forEach(c -> found.addAll(c.post().keySet()));
        List<String> metrics = new ArrayList<>(PAPER_ORDER.stream().filter(found::contains).toList());
        found.stream().filter(m -> !PAPER_ORDER.contains(m)).forEach(metrics::add);
        String study = rows.isEmpty() ? "study" : Objects.requireNonNullElse(rows.get(0).place().study(), "study");
        StringBuilder md = new StringBuilder("# " + study + "\n\nMean over requests × 100 (after the edits; ")
                .append("sequential cells: every edit re-measured after the last call). What each metric means, as ")
                .append("the rows record it:\n\n");
        semantics(rows).values().forEach(line -> md.append("- ").append(line).append('\n'));   // each names its metric
        md.append('\n');
        StringBuilder csv = new StringBuilder("cell,label,method,preset,mode,call_size,model,dataset,requests");
        metrics.forEach(m -> csv.append(',').append(m));
        csv.append('\n');
        md.append("| method | preset | mode | model | data set | requests |");
        metrics.forEach(m -> md.append(' ').append(m).append(" |"));
        md.append("\n|---|---|---|---|---|---|");
        metrics.forEach(m -> md.append("---|"));
        md.append('\n');
        StringBuilder efficiency = new StringBuilder("cell,label,apply_seconds,evaluate_seconds,peak_heap_mib,"
                + "peak_resident_mib\n");
        for (CellSummary c : cells) {
            CellDescription f = c.first().description();
            String preset = f.preset() != null ? f.preset() : Objects.requireNonNullElse(f.hparamsFile(), "defaults");
            String overrides = f.overrides() == null || f.overrides().isEmpty() ? "" : " " + f.overrides();
            String mode = f.mode() + (f.mode().equals("single") ? "" : " " + f.callSize());
            md.append(String.format(Locale.ROOT, "| %s | %s%s | %s | %s | %s | %d |", f.method(), preset, overrides,
                    mode, f.model(), Path.of(f.dataset()).getFileName(), c.requests()));
            csv.append(String.join(",", c.id(), quote(c.label()), f.method(), quote(preset), f.mode(),
                    Integer.toString(f.callSize()), quote(f.model()), quote(f.dataset()),
                    Integer.toString(c.requests())));
            for (String m : metrics) {
                Double v = c.post().get(m);
                md.append(v == null ? " — |" : String.format(Locale.ROOT, " %.1f |", v));
                csv.append(v == null ? "," : String.format(Locale.ROOT, ",%.2f", v));
            }
            md.append('\n');
            csv.append('\n');
            efficiency.append(String.format(Locale.ROOT, "%s,%s,%.3f,%.3f,%.1f,%.1f%n", c.id(), quote(c.label()),
                    c.applySeconds(), c.evaluateSeconds(), c.peakHeapBytes() / MIB, c.peakResidentBytes() / MIB));
        }
        md.append("\nCharts: ");
        for (String m : metrics) {
            List<BarChart.Bar> bars = cells.stream()
                    .map(c -> new BarChart.Bar(c.label(), c.post().getOrDefault(m, Double.NaN))).toList();
            new BarChart(study + ": " + m + " (× 100)", bars).write(dir.resolve("bars-" + m + ".svg"));
            md.append("[").append(m).append("](bars-").append(m).append(".svg) ");
        }
        for (CellSummary c : cells) {
            if (c.curve().isEmpty()) {
                continue;
            }
            double[] x = c.curve().keySet().stream().mapToDouble(Integer::doubleValue).toArray();
            List<LineChart.Series> series = new ArrayList<>();
            for (String m : metrics) {
                double[] y = c.curve().values().stream().mapToDouble(p -> p.getOrDefault(m, Double.NaN)).toArray();
                if (java.util.Arrays.stream(y).allMatch(v -> Double.isNaN(v) || v <= 100)) {   // rates, not fluency
                    series.add(new LineChart.Series(m, x, y));
                }
            }
            LineChart.percent(c.label(), "edits applied (every one re-measured at each checkpoint)", series)
                    .write(dir.resolve("curve-" + c.id() + ".svg"));
            md.append("[decay: ").append(c.label()).append("](curve-").append(c.id()).append(".svg) ");
        }
        for (CellSummary c : cells) {
            if (!c.memory().isEmpty()) {
                writeMemory(c, dir);
                md.append("[memory: ").append(c.label()).append("](memory-").append(c.id()).append(".svg) ");
            }
        }
        md.append("\n\nRows: `rows.jsonl`; the same table as CSV: `results.csv`; wall times and peak memory (they vary run to "
                + "run): `efficiency.csv`; sequential cells' memory after each call and at each checkpoint: "
                + "`memory-CELL.csv`.\n");
        AtomicFiles.writeString(dir.resolve("results.csv"), csv);
        AtomicFiles.writeString(dir.resolve("efficiency.csv"), efficiency);
        AtomicFiles.writeString(dir.resolve("report.md"), md);
        return md.toString();
    }

    /** {@code memory-CELL.csv} and {@code memory-CELL.svg}: a sequential cell's memory against edits applied. */
    private static void writeMemory(CellSummary c, Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("edits,heap_mib,resident_mib,live_heap_mib,live_arrays\n");
        c.memory().calls().forEach((edits, m) -> {
            long[] checkpoint = c.memory().checkpoints().get(edits);
            csv.append(String.format(Locale.ROOT, "%d,%.1f,%.1f,%s%n", edits, m[0] / MIB, m[1] / MIB,
                    checkpoint == null ? "," : String.format(Locale.ROOT, "%.1f,%s", checkpoint[0] / MIB,
                            checkpoint[2] < 0 ? "" : Long.toString(checkpoint[2]))));
        });
        AtomicFiles.writeString(dir.resolve("memory-" + c.id() + ".csv"), csv);
        new LineChart(c.label() + ": memory", "edits applied", "MiB", Double.NaN, List.of(
                series("resident set after each call", c.memory().calls(), 1),
                series("heap in use after each call", c.memory().calls(), 0),
                series("heap reachable at checkpoints", c.memory().checkpoints(), 0)))
                .write(dir.resolve("memory-" + c.id() + ".svg"));
    }

    private static LineChart.Series series(String name, TreeMap<Integer, long[]> points, int column) {
        return new LineChart.Series(name, points.keySet().stream().mapToDouble(Integer::doubleValue).toArray(),
                points.values().stream().mapToDouble(m -> m[column] / MIB).toArray());
    }

    static List<CellSummary> summarise(List<StudyRow> rows) {
        Map<String, List<StudyRow>> byCell = new LinkedHashMap<>();
        rows.forEach(r -> byCell.computeIfAbsent(r.place().cellId(), k -> new ArrayList<>()).add(r));
        List<CellSummary> cells = new ArrayList<>();
        for (Map.Entry<String, List<StudyRow>> e : byCell.entrySet()) {
            List<StudyRow> cellRows = new ArrayList<>(e.getValue());
            cellRows.sort(Comparator.comparingInt(r -> r.scores().requestIndex()));
            Map<String, Double> post = Means.percent(cellRows.stream().map(r -> scores(r.scores().post())).toList());
            TreeMap<Integer, Map<String, Double>> curve = new TreeMap<>();
            Map<Integer, List<Map<String, Double>>> points = new TreeMap<>();
            for (StudyRow r : cellRows) {
                checkpoints(r).forEach(p -> points.computeIfAbsent(p.edits(), k -> new ArrayList<>())
                        .add(scores(p.post())));
            }
            points.forEach((edits, scores) -> curve.put(edits, Means.percent(scores)));
            MemoryTrace memory = new MemoryTrace(new TreeMap<>(), new TreeMap<>());
            for (StudyRow r : cellRows) {
                if (r.call() != null) {
                    memory.calls().put(r.call().edits(), new long[] {r.call().heapBytes(), r.call().residentBytes()});
                }
                checkpoints(r).forEach(p -> memory.checkpoints().put(p.edits(), new long[] {p.liveHeapBytes(),
                        p.residentBytes(), p.liveArrays() == null ? -1 : p.liveArrays()}));
            }
            double apply = 0;
            double evaluate = 0;
            long heap = 0;
            long resident = 0;
            for (StudyRow r : cellRows) {
                heap = Math.max(heap, Math.max(r.cost().heapBytes(), r.call() == null ? 0 : r.call().heapBytes()));
                resident = Math.max(resident, Math.max(r.cost().residentBytes(),
                        r.call() == null ? 0 : r.call().residentBytes()));
                for (SequenceCheckpoint point : checkpoints(r)) {
                    heap = Math.max(heap, point.liveHeapBytes());
                    resident = Math.max(resident, point.residentBytes());
                }
            }
            Map<Integer, Boolean> units = new TreeMap<>();
            for (StudyRow r : cellRows) {
                if (units.put(r.place().unit(), true) == null) {
                    apply += r.cost().applySeconds();
                    evaluate += r.cost().evaluateSeconds();
                }
            }
            StudyRow first = cellRows.get(0);
            cells.add(new CellSummary(first.place().cellIndex(), e.getKey(), first.place().label(), first,
                    cellRows.size(), post, curve, memory, apply, evaluate, heap, resident));
        }
        cells.sort(Comparator.comparingInt(CellSummary::index).thenComparing(CellSummary::id));
        return cells;
    }

    /** A row's checkpoints; none for cells that are not sequential. */
    private static List<SequenceCheckpoint> checkpoints(StudyRow row) {
        return row.checkpoints() == null ? List.of() : row.checkpoints();
    }

    /** Scores as the means take them: none where a row has none. */
    private static Map<String, Double> scores(Map<String, Double> scores) {
        return scores == null ? Map.of() : scores;
    }

    /** Every metric's semantics line found in the rows, by metric name, in first-seen order. */
    private static Map<String, String> semantics(List<StudyRow> rows) {
        Map<String, String> lines = new LinkedHashMap<>();
        for (StudyRow row : rows) {
            if (row.semantics() != null) {
                row.semantics().forEach(lines::putIfAbsent);
            }
        }
        return lines;
    }

    private static String quote(String text) {
        return text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
