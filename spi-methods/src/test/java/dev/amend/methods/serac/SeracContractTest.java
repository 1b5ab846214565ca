package dev.amend.methods.serac;

import dev.amend.api.edit.EditMethodProvider;
import dev.amend.testkit.BaseEditMethodContractTest;

/**
 * The whole method contract, from the testkit, against SERAC on the tiny model with an archive of two untrained tiny
 * models compared by cosine (an edit's prompt and its prompt with the target are then in scope).
 */
class SeracContractTest extends BaseEditMethodContractTest<SeracHParams> {

    @Override
    protected EditMethodProvider<SeracHParams> provider() {
        return new SeracProvider();
    }

    @Override
    protected SeracHParams exampleHParams() {
        return new SeracHParams(TinyArchive.path(true).toString());
    }
}
