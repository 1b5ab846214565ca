package dev.amend.harness.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LineChartTest {

    /** Plot area: x from 60 to 470 (410 wide), y from 40 (100 %) to 350 (0 %). */
    @Test
    void placesPointsOnThePercentScaleAndTheCountScale() {
        LineChart chart = new LineChart("decay <curves>", "edits", List.of(
                new LineChart.Series("reliability", new double[] {50, 100}, new double[] {100, 50}),
                new LineChart.Series("locality", new double[] {50, 100}, new double[] {0, 120})));
        String svg = chart.toSvg();
        assertThat(svg).startsWith("<svg ").endsWith("</svg>\n")
                .contains("decay &lt;curves&gt;")
                .contains("points=\"265.0,40.0 470.0,195.0\"")
                .contains("points=\"265.0,350.0 470.0,40.0\"")
                .contains(">reliability</text>").contains(">locality</text>");
    }

    @Test
    void refusesSeriesOfUnequalLengths() {
        assertThatThrownBy(() -> new LineChart.Series("x", new double[2], new double[3]))
                .hasMessage("x: 2 x values but 3 y values");
    }
}
