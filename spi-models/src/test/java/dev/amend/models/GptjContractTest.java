package dev.amend.models;

/** The adapter contract on the {@code gptj} fixture. */
class GptjContractTest extends FixtureAdapterContractTest {

    GptjContractTest() {
        super(new dev.amend.models.gptj.GptjAdapterProvider(), "gptj");
    }
}
