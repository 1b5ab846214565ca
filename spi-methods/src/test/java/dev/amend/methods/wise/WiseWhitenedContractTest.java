package dev.amend.methods.wise;

import dev.amend.methods.locate.TinyCorpus;
import java.nio.file.Path;

/**
 * The method contract again, with Amend's two options that the toy preset uses: the step whitened by the tiny corpus's
 * key statistics, and each token routed to the shard that stored the nearest key.
 */
class WiseWhitenedContractTest extends WiseContractTest {

    private static final Path CORPUS = TinyCorpus.file();

    @Override
    protected WiseHParams exampleHParams() {
        WiseHParams p = super.exampleHParams();
        return new WiseHParams(p.innerParams(), p.maskRatio(), p.editLr(), p.nIter(), p.normConstraint(), p.actMargin(),
                p.actRatio(), p.saveFreq(), p.mergeFreq(), p.mergeAlg(), p.objectiveOptimization(), p.densities(),
                p.weights(), p.retrieve(), p.replay(), p.locData(), p.contextTemplateLengthParams(),
                p.contextTemplateSeeds(), p.contextTemplatesAt(), p.contextTemplatesFrom(), p.score(), p.nll(), 0.1,
                WiseHParams.ROUTE_KEY,
                CORPUS.getParent().resolve("stats").toString(), CORPUS.toString(), 100, "float64");
    }
}
