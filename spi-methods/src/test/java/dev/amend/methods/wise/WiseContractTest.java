package dev.amend.methods.wise;

import dev.amend.api.edit.EditMethodProvider;
import dev.amend.methods.data.TinyTrainingData;
import dev.amend.testkit.BaseEditMethodContractTest;
import java.util.List;

/** The whole method contract, from the testkit, against WISE on the tiny model (few steps, shards of one edit). */
class WiseContractTest extends BaseEditMethodContractTest<WiseHParams> {

    @Override
    protected EditMethodProvider<WiseHParams> provider() {
        return new WiseProvider();
    }

    @Override
    protected WiseHParams exampleHParams() {
        return new WiseHParams(List.of("blocks.1.mlp.down.weight"), 0.2, 1.0, 5, 1.0, List.of(5.0, 20.0, 10.0), 0.88,
                1, 2, "ties", "only_label", 0.53, 1.0, true, false, TinyTrainingData.path(), List.of(), null, null, null, null, null,
                null, null, "./data/stats", "wikipedia", 100000, "float32");
    }
}
