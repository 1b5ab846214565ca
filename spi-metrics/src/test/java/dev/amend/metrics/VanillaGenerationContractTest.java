package dev.amend.metrics;

import dev.amend.api.NoHParams;
import dev.amend.api.metric.MetricProvider;
import dev.amend.testkit.BaseMetricContractTest;

class VanillaGenerationContractTest extends BaseMetricContractTest<NoHParams> {

    @Override
    protected MetricProvider<NoHParams> provider() {
        return new VanillaGenerationProvider();
    }
}
