package dev.amend.methods.rrome;

import dev.amend.api.edit.EditMethodProvider;
import dev.amend.methods.rome.RomeHParams;
import dev.amend.testkit.BaseEditMethodContractTest;

/** The whole method contract, from the testkit, against R-ROME on the tiny model. */
class RRomeContractTest extends BaseEditMethodContractTest<RomeHParams> {

    @Override
    protected EditMethodProvider<RomeHParams> provider() {
        return new RRomeProvider();
    }
}
