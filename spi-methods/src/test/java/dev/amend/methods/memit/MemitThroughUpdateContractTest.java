package dev.amend.methods.memit;

/** The method contract again, with Amend's through-update option (joint targets through the batch's own update). */
class MemitThroughUpdateContractTest extends MemitContractTest {

    @Override
    protected MemitHParams exampleHParams() {
        return hparams(true);
    }
}
