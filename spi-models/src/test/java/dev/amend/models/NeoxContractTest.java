package dev.amend.models;

/** The adapter contract on the {@code neox} fixture (parallel residual, partial rotary, untied {@code embed_out}). */
class NeoxContractTest extends FixtureAdapterContractTest {

    NeoxContractTest() {
        super(new dev.amend.models.neox.NeoxAdapterProvider(), "neox");
    }
}
