package dev.amend.methods.memit;

import java.util.List;

/** The method contract again, with Amend's through-update option (joint targets through the batch's own update). */
class MemitThroughUpdateContractTest extends MemitContractTest {

    @Override
    protected MemitHParams exampleHParams() {
        MemitHParams p = super.exampleHParams();
        return new MemitHParams(p.layers(), p.factToken(), p.vNumGradSteps(), p.vLr(), p.vWeightDecay(),
                p.clampNormFactor(), p.klFactor(), p.mom2UpdateWeight(), p.rewriteModuleTmp(), p.mom2Dataset(),
                p.mom2NSamples(), p.mom2Dtype(), p.statsDir(), List.of(), true, null, null);
    }
}
