package dev.amend.harness.chart;

import dev.amend.toolkit.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart against a count (x from 0 to the largest x), as SVG: the sequential-editing curves of reliability and
 * locality after each batch (percentages, y from 0 to 100), or memory after each call (y from 0 to the largest y).
 *
 * @param title  the heading
 * @param xLabel what x counts
 * @param yLabel what y measures
 * @param yMax   the top of the y axis; NaN for the largest y, rounded up
 * @param series the lines, drawn in order with their own colours
 */
public record LineChart(String title, String xLabel, String yLabel, double yMax, List<Series> series) {

    /** One line: a name for the legend and its points, x ascending. */
    public record Series(String name, double[] x, double[] y) {
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException(name + ": " + x.length + " x values but " + y.length + " y values");
            }
        }
    }

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
    private static final int WIDTH = 640;
    private static final int HEIGHT = 400;
    private static final int LEFT = 60;
    private static final int RIGHT = 170;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    /** Points are drawn as dots up to this many per line; longer lines are drawn as lines only. */
    private static final int DOTS = 60;

    public LineChart {
        series = List.copyOf(series);
    }

    /** Percentages, y from 0 to 100. */
    public static LineChart percent(String title, String xLabel, List<Series> series) {
        return new LineChart(title, xLabel, "%", 100, series);
    }

    /** The SVG document. */
    public String toSvg() {
        double xMax = series.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.x())).max().orElse(1);
        double top = Double.isNaN(yMax) ? niceCeiling(series.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.y()))
                .filter(Double::isFinite).max().orElse(1)) : yMax;
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"14\">%s</text>%n", LEFT,
                escape(title)));
        for (int i = 0; i <= 5; i++) {
            double y = TOP + plotH * (1 - i / 5.0);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT, y, LEFT + plotW, y,
                    LEFT - 6, y + 4, format(top * i / 5)));
        }
        for (int i = 0; i <= 5; i++) {
            double value = xMax * i / 5;
            double x = LEFT + plotW * i / 5;
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x,
                    TOP + (int) plotH + 18, format(value)));
        }
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
                + "stroke=\"#333\"/>%n", LEFT, TOP, plotW, plotH));
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                LEFT + plotW / 2, HEIGHT - 10, escape(xLabel)));
        svg.append(String.format(Locale.ROOT, "<text transform=\"translate(16 %.1f) rotate(-90)\" "
                + "text-anchor=\"middle\">%s</text>%n", TOP + plotH / 2, escape(yLabel)));
        for (int s = 0; s < series.size(); s++) {
            Series line = series.get(s);
            String colour = COLOURS[s % COLOURS.length];
            List<String> points = new ArrayList<>();
            for (int i = 0; i < line.x().length; i++) {
                double x = LEFT + plotW * line.x()[i] / xMax;
                double y = TOP + plotH * (1 - Math.max(0, Math.min(top, line.y()[i])) / top);
                points.add(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
                if (line.x().length <= DOTS) {
                    svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", x,
                            y, colour));
                }
            }
            svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" "
                    + "stroke-width=\"2\"/>%n", String.join(" ", points), colour));
            int legendY = TOP + 10 + 20 * s;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                    + "stroke-width=\"3\"/><text x=\"%d\" y=\"%d\">%s</text>%n", WIDTH - RIGHT + 12, legendY,
                    WIDTH - RIGHT + 36, legendY, colour, WIDTH - RIGHT + 42, legendY + 4, escape(line.name())));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** Writes the SVG atomically (a complete file or none). */
    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, toSvg());
    }

    /** The smallest of 1, 2 or 5 times a power of ten that is at least {@code value}. */
    static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
