package dev.amend.cli.commands;

import dev.amend.harness.chart.LineChart;
import dev.amend.registry.EditSequence;
import dev.amend.registry.RequestScores;
import dev.amend.toolkit.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code amend edit --sequential N}: applies the requests N at a time, each call on top of the previous ones, and
 * after every call re-measures every request applied so far; prints that curve and, with a directory, writes it
 * as {@code curve.csv} and {@code curve.svg}.
 */
final class SequentialRun {

    private static final List<String> CURVE = List.of("reliability", "generalization", "locality");

    private SequentialRun() {}

    /** Runs the whole sequence; returns the final re-measurement of every request. */
    static List<RequestScores> run(EditSequence sequence, int batch, PrintWriter out, Path curveDir, String title)
            throws IOException {
        List<double[]> rows = new ArrayList<>();
        out.printf("  %6s %6s %8s   %s%n", "call", "edits", "apply s", "every edit so far: " + String.join(" / ", CURVE));
        List<RequestScores> scores = List.of();
        for (int call = 1; sequence.applied() < sequence.size(); call++) {
            double seconds = sequence.applyNext(batch).toNanos() / 1e9;
            scores = sequence.remeasure();
            Map<String, Double> means = EditReport.means(scores, RequestScores::post);
            double[] row = new double[2 + CURVE.size()];
            row[0] = sequence.applied();
            row[1] = seconds;
            for (int i = 0; i < CURVE.size(); i++) {
                row[2 + i] = means.getOrDefault(CURVE.get(i), Double.NaN);
            }
            rows.add(row);
            out.printf(Locale.ROOT, "  %6d %6d %8.2f   %.1f / %.1f / %.1f%n", call, sequence.applied(), seconds,
                    row[2], row[3], row[4]);
            out.flush();
        }
        if (curveDir != null) {
            write(rows, curveDir, title);
            out.println("  curve written to " + curveDir.resolve("curve.csv") + " and " + curveDir.resolve("curve.svg"));
        }
        return scores;
    }

    private static void write(List<double[]> rows, Path dir, String title) throws IOException {
        StringBuilder csv = new StringBuilder("edits,apply_seconds," + String.join(",", CURVE) + "\n");
        rows.forEach(r -> csv.append(String.format(Locale.ROOT, "%d,%.3f,%.2f,%.2f,%.2f%n", (long) r[0], r[1], r[2],
                r[3], r[4])));
        AtomicFiles.writeString(dir.resolve("curve.csv"), csv);
        double[] x = rows.stream().mapToDouble(r -> r[0]).toArray();
        List<LineChart.Series> series = new ArrayList<>();
        for (int i = 0; i < CURVE.size(); i++) {
            int column = 2 + i;
            series.add(new LineChart.Series(CURVE.get(i), x, rows.stream().mapToDouble(r -> r[column]).toArray()));
        }
        LineChart.percent(title, "edits applied (every one re-measured after each call)", series)
                .write(dir.resolve("curve.svg"));
    }
}
