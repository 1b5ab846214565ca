package dev.amend.methods.kn;

import dev.amend.api.edit.EditMethodProvider;
import dev.amend.testkit.BaseEditMethodContractTest;

/** The whole method contract, from the testkit, against KN on the tiny model. */
class KnContractTest extends BaseEditMethodContractTest<KnHParams> {

    @Override
    protected EditMethodProvider<KnHParams> provider() {
        return new KnProvider();
    }

    @Override
    protected KnHParams exampleHParams() {
        return new KnHParams(10, 5, 0.2, 0.4, false, "pre_activation", "auto", "alone");
    }
}
