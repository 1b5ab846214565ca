package dev.amend.harness.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LineChartTest {

    /** Plot area: x from 60 to 470 (410 wide), y from 40 (100 %) to 350 (0 %). */
    @Test
    void placesPointsOnThePercentScaleAndTheCountScale() {
        LineChart chart = LineChart.percent("decay <curves>", "edits", List.of(
                new LineChart.Series("reliability", new double[] {50, 100}, new double[] {100, 50}),
                new LineChart.Series("locality", new double[] {50, 100}, new double[] {0, 120})));
        String svg = chart.toSvg();
        assertThat(svg).startsWith("<svg ").endsWith("</svg>\n")
                .contains("decay &lt;curves&gt;")
                .contains("points=\"265.0,40.0 470.0,195.0\"")
                .contains("points=\"265.0,350.0 470.0,40.0\"")
                .contains(">reliability</text>").contains(">locality</text>");
    }

    /** Without a fixed top, y runs to the largest value rounded up to 1, 2 or 5 times a power of ten. */
    @Test
    void scalesAnOpenAxisToTheLargestValue() {
        LineChart chart = new LineChart("memory", "edits", "MiB", Double.NaN, List.of(
                new LineChart.Series("resident", new double[] {50, 100}, new double[] {170, 340})));
        assertThat(chart.toSvg()).contains("points=\"265.0,244.6 470.0,139.2\"").contains(">500</text>")
                .contains(">MiB</text>");
        assertThat(LineChart.niceCeiling(340)).isEqualTo(500);
        assertThat(LineChart.niceCeiling(0.07)).isEqualTo(0.1, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(LineChart.niceCeiling(2000)).isEqualTo(2000);
    }

    @Test
    void refusesSeriesOfUnequalLengths() {
        assertThatThrownBy(() -> new LineChart.Series("x", new double[2], new double[3]))
                .hasMessage("x: 2 x values but 3 y values");
    }
}
