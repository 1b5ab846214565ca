package dev.amend.models;

/** The adapter contract on the {@code t5} fixture. */
class T5ContractTest extends FixtureAdapterContractTest {

    T5ContractTest() {
        super(new dev.amend.models.t5.T5AdapterProvider(), "t5");
    }
}
