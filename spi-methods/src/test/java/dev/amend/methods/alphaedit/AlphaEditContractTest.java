package dev.amend.methods.alphaedit;

import dev.amend.api.edit.EditMethodProvider;
import dev.amend.methods.locate.TinyCorpus;
import dev.amend.registry.hparams.HParamsCodec;
import dev.amend.testkit.BaseEditMethodContractTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The whole method contract, from the testkit, against AlphaEdit on the tiny model (statistics from a tiny corpus). */
class AlphaEditContractTest extends BaseEditMethodContractTest<AlphaEditHParams> {

    private static final Path CORPUS = TinyCorpus.file();

    @Override
    protected EditMethodProvider<AlphaEditHParams> provider() {
        return new AlphaEditProvider();
    }

    @Override
    protected AlphaEditHParams exampleHParams() {
        return new HParamsCodec().fromMap(provider(), Map.of("v_num_grad_steps", 10, "mom2_dataset", CORPUS.toString(),
                "mom2_n_samples", 1000, "mom2_dtype", "float64", "stats_dir", CORPUS.getParent().resolve("stats")
                        .toString(), "context_template_length_params", List.of()), "the contract test's hparams");
    }
}
