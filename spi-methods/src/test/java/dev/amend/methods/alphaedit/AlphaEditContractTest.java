package dev.amend.methods.alphaedit;

import dev.amend.api.edit.EditMethodProvider;
import dev.amend.methods.locate.TinyCorpus;
import dev.amend.testkit.BaseEditMethodContractTest;
import java.nio.file.Path;
import java.util.List;

/** The whole method contract, from the testkit, against AlphaEdit on the tiny model (statistics from a tiny corpus). */
class AlphaEditContractTest extends BaseEditMethodContractTest<AlphaEditHParams> {

    private static final Path CORPUS = TinyCorpus.file();

    @Override
    protected EditMethodProvider<AlphaEditHParams> provider() {
        return new AlphaEditProvider();
    }

    @Override
    protected AlphaEditHParams exampleHParams() {
        AlphaEditHParams d = provider().defaultHParams().orElseThrow();
        return new AlphaEditHParams(d.layers(), d.factToken(), 10, d.vLr(), d.vWeightDecay(), d.clampNormFactor(),
                d.klFactor(), d.mom2UpdateWeight(), d.rewriteModuleTmp(), CORPUS.toString(), 1000, "float64",
                CORPUS.getParent().resolve("stats").toString(), 2e-2, 10, List.of(), false, null, null);
    }
}
