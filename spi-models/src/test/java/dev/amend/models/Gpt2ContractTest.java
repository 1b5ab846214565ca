package dev.amend.models;

/** The adapter contract on the {@code gpt2} fixture. */
class Gpt2ContractTest extends FixtureAdapterContractTest {

    Gpt2ContractTest() {
        super(new dev.amend.models.gpt2.Gpt2AdapterProvider(), "gpt2");
    }
}
