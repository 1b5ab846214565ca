package dev.amend.models;

/** The adapter contract on the {@code t5-v11-bf16} fixture. */
class T5v11ContractTest extends FixtureAdapterContractTest {

    T5v11ContractTest() {
        super(new dev.amend.models.t5.T5AdapterProvider(), "t5-v11-bf16");
    }
}
