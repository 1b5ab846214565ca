package dev.amend.harness.chart;

import dev.amend.toolkit.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Horizontal bars, one per labelled value, as SVG: one metric across a study's cells. The axis runs from 0 to 100
 * when every value is a percentage, else to the largest value rounded up (fluency, × 100 in bits, runs to hundreds).
 *
 * @param title the heading
 * @param bars  the bars, top to bottom
 */
public record BarChart(String title, List<Bar> bars) {

    /** One bar: its label and its value. */
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
        double largest = bars.stream().mapToDouble(Bar::value).filter(Double::isFinite).max().orElse(0);
        double top = largest <= 100 ? 100 : LineChart.niceCeiling(largest);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));
        svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"22\" font-size=\"14\">%s</text>%n",
                LineChart.escape(title)));
        for (int i = 0; i <= 5; i++) {
            double x = LEFT + plotW * i / 5;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x, TOP, x,
                    TOP + ROW * bars.size(), x, TOP + ROW * bars.size() + 16, LineChart.format(top * i / 5)));
        }
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            double value = Double.isNaN(bar.value()) ? 0 : Math.max(0, Math.min(top, bar.value()));
            int y = TOP + ROW * i;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
                    + "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#1f77b4\"/>"
                    + "<text x=\"%.1f\" y=\"%d\">%s</text>%n", LEFT - 6, y + 16, LineChart.escape(bar.label()), LEFT,
                    y + 4, plotW * value / top, ROW - 8, LEFT + plotW * value / top + 4, y + 16,
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
