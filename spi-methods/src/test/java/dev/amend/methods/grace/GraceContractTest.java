package dev.amend.methods.grace;

import dev.amend.api.edit.EditMethodProvider;
import dev.amend.testkit.BaseEditMethodContractTest;
import java.util.List;

/** The whole method contract, from the testkit, against GRACE on the tiny model (few steps). */
class GraceContractTest extends BaseEditMethodContractTest<GraceHParams> {

    @Override
    protected EditMethodProvider<GraceHParams> provider() {
        return new GraceProvider();
    }

    /**
     * Every position is a query here: the contract compares teacher-forced logits of prompt + target, whose last token
     * (EasyEdit's query, key_positions: last) is not the edit's key.
     */
    @Override
    protected GraceHParams exampleHParams() {
        return new GraceHParams(List.of("blocks.1.mlp.down.weight"), 1.0, 5, 1.0, "euc", "cold", "sgd",
                "replace_last", "coverage", "every", null, null);
    }
}
