package dev.amend.models;

/** The adapter contract on the {@code mistral-bf16} fixture. */
class MistralContractTest extends FixtureAdapterContractTest {

    MistralContractTest() {
        super(new dev.amend.models.llama.LlamaAdapterProvider(), "mistral-bf16");
    }
}
