package dev.amend.methods.lora;

import dev.amend.api.edit.EditMethodProvider;
import dev.amend.testkit.BaseEditMethodContractTest;
import java.util.List;

/**
 * The whole method contract against AdaLoRA on the tiny model's query and value projections (canonical kinds, trained
 * through the live weights), rank 3, few steps.
 */
class AdaLoraContractTest extends BaseEditMethodContractTest<LoraHParams> {

    @Override
    protected EditMethodProvider<LoraHParams> provider() {
        return new LoraProvider();
    }

    @Override
    protected LoraHParams exampleHParams() {
        return new LoraHParams("adalora", List.of(1), 5, 2, 5e-2, 0, 8, 32, 0.1, List.of("attn_q", "attn_v"), 3, 0.5,
                false, false);
    }
}
