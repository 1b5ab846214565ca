package dev.amend.models;

/** The adapter contract on the {@code llama} fixture. */
class LlamaContractTest extends FixtureAdapterContractTest {

    LlamaContractTest() {
        super(new dev.amend.models.llama.LlamaAdapterProvider(), "llama");
    }
}
