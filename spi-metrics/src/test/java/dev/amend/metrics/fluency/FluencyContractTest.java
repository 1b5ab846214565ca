package dev.amend.metrics.fluency;

import dev.amend.api.metric.MetricProvider;
import dev.amend.testkit.BaseMetricContractTest;

class FluencyContractTest extends BaseMetricContractTest<FluencyHParams> {

    @Override
    protected MetricProvider<FluencyHParams> provider() {
        return new FluencyProvider();
    }

    /** Short continuations: the random tiny model's text means nothing, and the contract scores it four times. */
    @Override
    protected FluencyHParams exampleHParams() {
        return new FluencyHParams(24);
    }
}
