package dev.amend.models;

/** The adapter contract on the {@code neox-seq-f16} fixture (sequential residual, no attention biases, tied head). */
class NeoxSequentialContractTest extends FixtureAdapterContractTest {

    NeoxSequentialContractTest() {
        super(new dev.amend.models.neox.NeoxAdapterProvider(), "neox-seq-f16");
    }
}
