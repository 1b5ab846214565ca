package dev.amend.methods.ike;

import dev.amend.api.edit.EditMethodProvider;
import dev.amend.methods.data.TinyTrainingData;
import dev.amend.testkit.BaseEditMethodContractTest;

/** The whole method contract, from the testkit, against IKE on the tiny model (one demonstration). */
class IkeContractTest extends BaseEditMethodContractTest<IkeHParams> {

    @Override
    protected EditMethodProvider<IkeHParams> provider() {
        return new IkeProvider();
    }

    @Override
    protected IkeHParams exampleHParams() {
        return new IkeHParams("all-MiniLM-L6-v2", 1, true, TinyTrainingData.path(), "{fact} {prompt}", " ", "");
    }
}
