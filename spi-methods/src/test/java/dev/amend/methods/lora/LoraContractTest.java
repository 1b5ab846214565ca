package dev.amend.methods.lora;

import dev.amend.api.edit.EditMethodProvider;
import dev.amend.testkit.BaseEditMethodContractTest;
import java.util.List;

/** The whole method contract, from the testkit, against LoRA on the tiny model (few steps, a rank of 2). */
class LoraContractTest extends BaseEditMethodContractTest<LoraHParams> {

    @Override
    protected EditMethodProvider<LoraHParams> provider() {
        return new LoraProvider();
    }

    @Override
    protected LoraHParams exampleHParams() {
        return new LoraHParams("lora", List.of(1), 5, 2, 5e-2, 0, 2, 4, 0.1, List.of("blocks.{}.mlp.down"), 12, 0.5,
                false, false);
    }
}
