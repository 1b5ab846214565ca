package dev.amend.harness.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BarChartTest {

    /** Plot width 360: percentages on a 0–100 axis, larger values (fluency × 100) on an axis rounded up from them. */
    @Test
    void percentagesUseAHundredAndLargerValuesTheirOwnTop() {
        String percent = new BarChart("rel", List.of(new BarChart.Bar("rome", 50))).toSvg();
        assertThat(percent).contains("width=\"180.0\"").contains(">100</text>").contains(">50.0</text>");
        String fluency = new BarChart("fluency", List.of(new BarChart.Bar("rome", 490), new BarChart.Bar("kn", 50)))
                .toSvg();
        assertThat(fluency).contains("width=\"352.8\"").contains("width=\"36.0\"").contains(">500</text>")
                .contains("x=\"660.0\" y=\"104\" text-anchor=\"middle\">500</text>");
    }
}
