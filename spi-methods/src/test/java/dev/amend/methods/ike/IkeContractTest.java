package dev.amend.methods.ike;

import dev.amend.api.edit.EditMethodProvider;
import dev.amend.testkit.BaseEditMethodContractTest;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The whole method contract, from the testkit, against IKE on the tiny model (one demonstration). */
class IkeContractTest extends BaseEditMethodContractTest<IkeHParams> {

    @Override
    protected EditMethodProvider<IkeHParams> provider() {
        return new IkeProvider();
    }

    @Override
    protected IkeHParams exampleHParams() {
        try {
            String train = Path.of(getClass().getResource("/dev/amend/methods/data/tiny_train.json").toURI()).toString();
            return new IkeHParams("all-MiniLM-L6-v2", 1, train, "{fact} {prompt}", " ", "");
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
