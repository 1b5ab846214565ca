package dev.amend.methods.memit;

import dev.amend.api.edit.EditMethodProvider;
import dev.amend.methods.locate.TinyCorpus;
import dev.amend.registry.hparams.HParamsCodec;
import dev.amend.testkit.BaseEditMethodContractTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The whole method contract, from the testkit, against MEMIT on the tiny model (statistics from a tiny corpus). */
class MemitContractTest extends BaseEditMethodContractTest<MemitHParams> {

    private static final Path CORPUS = TinyCorpus.file();

    @Override
    protected EditMethodProvider<MemitHParams> provider() {
        return new MemitProvider();
    }

    @Override
    protected MemitHParams exampleHParams() {
        return hparams(false);
    }

    /** The defaults with 10 optimisation steps, λ 2, statistics of the tiny corpus and the given target option. */
    protected MemitHParams hparams(boolean throughUpdate) {
        return new HParamsCodec().fromMap(provider(), Map.of("v_num_grad_steps", 10, "mom2_update_weight", 2.0,
                "mom2_dataset", CORPUS.toString(), "mom2_n_samples", 1000, "mom2_dtype", "float64", "stats_dir",
                CORPUS.getParent().resolve("stats").toString(), "context_template_length_params", List.of(),
                "through_update", throughUpdate), "the contract test's hparams");
    }
}
