package dev.amend.models;

import dev.amend.api.NoHParams;
import dev.amend.api.model.ModelAdapterProvider;
import dev.amend.testkit.BaseModelAdapterContractTest;
import java.nio.file.Path;
import java.util.List;

/** The adapter contract of the testkit, run on one fixture checkpoint of the adapter's family. */
abstract class FixtureAdapterContractTest extends BaseModelAdapterContractTest<NoHParams> {

    private final ModelAdapterProvider<NoHParams> provider;
    private final Fixture fixture;

    FixtureAdapterContractTest(ModelAdapterProvider<NoHParams> provider, String fixture) {
        this.provider = provider;
        this.fixture = Fixture.of(fixture);
    }

    @Override
    protected ModelAdapterProvider<NoHParams> provider() {
        return provider;
    }

    @Override
    protected Path modelDirectory() {
        return fixture.directory();
    }

    @Override
    protected List<String> texts() {
        return fixture.cases().stream().map(c -> c.get("text").asText()).toList();
    }
}
