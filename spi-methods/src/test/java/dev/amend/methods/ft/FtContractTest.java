package dev.amend.methods.ft;

import dev.amend.api.edit.EditMethodProvider;
import dev.amend.testkit.BaseEditMethodContractTest;
import java.util.List;

/** The whole method contract, from the testkit, against FT-L on the tiny model (a larger bound so that it edits). */
class FtContractTest extends BaseEditMethodContractTest<FtHParams> {

    @Override
    protected EditMethodProvider<FtHParams> provider() {
        return new FtProvider();
    }

    @Override
    protected FtHParams exampleHParams() {
        return new FtHParams(List.of(1), 10, 2, 5e-2, 0, new NormConstraint(0.05), "prompt_last", "alone",
                "blocks.{}.mlp.down");
    }
}
