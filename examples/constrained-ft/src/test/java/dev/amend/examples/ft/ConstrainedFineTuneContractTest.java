package dev.amend.examples.ft;

import dev.amend.api.edit.EditMethodProvider;
import dev.amend.testkit.BaseEditMethodContractTest;

/** The whole method contract, from the testkit, against this plugin. */
class ConstrainedFineTuneContractTest extends BaseEditMethodContractTest<ConstrainedFineTuneHParams> {

    @Override
    protected EditMethodProvider<ConstrainedFineTuneHParams> provider() {
        return new ConstrainedFineTuneProvider();
    }
}
