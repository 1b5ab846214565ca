package dev.amend.models;

/** The adapter contract on the {@code qwen2} fixture. */
class Qwen2ContractTest extends FixtureAdapterContractTest {

    Qwen2ContractTest() {
        super(new dev.amend.models.llama.LlamaAdapterProvider(), "qwen2");
    }
}
