package dev.amend.harness.chart;

import dev.amend.harness.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Horizontal bars of percentages (0 to 100), one per labelled value, as SVG: one metric across a study's cells.
 *
 * @param title the heading
 * @param bars  the bars, top to bottom
 */
public record BarChart(String title, List<Bar> bars) {

    /** One bar: its label and its value in %. */
    public record Bar(String label, double value) {}

    private static final int WIDTH = 720;
    private static final int LEFT = 300;
    private static final int RIGHT = 60;
    private static final int TOP = 40;
    private static final int ROW = 24;

    public BarChart {
        bars = List.copyOf(bars);
    }

    /** The SVG document. */
    public String toSvg() {
        int height = TOP + ROW * bars.size() + 30;
        double plotW = WIDTH - LEFT - RIGHT;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));
        svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"22\" font-size=\"14\">%s</text>%n",
                LineChart.escape(title)));
        for (int p = 0; p <= 100; p += 20) {
            double x = LEFT + plotW * p / 100;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n", x, TOP, x,
                    TOP + ROW * bars.size(), x, TOP + ROW * bars.size() + 16, p));
        }
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            double value = Double.isNaN(bar.value()) ? 0 : Math.max(0, Math.min(100, bar.value()));
            int y = TOP + ROW * i;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
                    + "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#1f77b4\"/>"
                    + "<text x=\"%.1f\" y=\"%d\">%s</text>%n", LEFT - 6, y + 16, LineChart.escape(bar.label()), LEFT,
                    y + 4, plotW * value / 100, ROW - 8, LEFT + plotW * value / 100 + 4, y + 16,
                    Double.isNaN(bar.value()) ? "n/a" : String.format(Locale.ROOT, "%.1f", bar.value())));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** Writes the SVG atomically (a complete file or none). */
    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, toSvg());
    }
}
