package dev.amend.methods.rome;

import dev.amend.api.edit.EditMethodProvider;
import dev.amend.testkit.BaseEditMethodContractTest;

/** The whole method contract, from the testkit, against ROME on the tiny model. */
class RomeContractTest extends BaseEditMethodContractTest<RomeHParams> {

    @Override
    protected EditMethodProvider<RomeHParams> provider() {
        return new RomeProvider();
    }
}
