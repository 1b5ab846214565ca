package dev.amend.methods.memit;

import dev.amend.api.edit.EditMethodProvider;
import dev.amend.methods.locate.TinyCorpus;
import dev.amend.testkit.BaseEditMethodContractTest;
import java.nio.file.Path;
import java.util.List;

/** The whole method contract, from the testkit, against MEMIT on the tiny model (statistics from a tiny corpus). */
class MemitContractTest extends BaseEditMethodContractTest<MemitHParams> {

    private static final Path CORPUS = TinyCorpus.file();

    @Override
    protected EditMethodProvider<MemitHParams> provider() {
        return new MemitProvider();
    }

    @Override
    protected MemitHParams exampleHParams() {
        MemitHParams d = provider().defaultHParams().orElseThrow();
        return new MemitHParams(d.layers(), d.factToken(), 10, d.vLr(), d.vWeightDecay(), d.clampNormFactor(),
                d.klFactor(), 2.0, d.rewriteModuleTmp(), CORPUS.toString(), 1000, "float64",
                CORPUS.getParent().resolve("stats").toString(), List.of(), false, null, null);
    }
}
