package dev.amend.methods.mend;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.amend.api.edit.AppliedEdit;
import dev.amend.api.edit.EditContext;
import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.Probe;
import dev.amend.api.edit.WeightDelta;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.WeightSite;
import dev.amend.toolkit.edit.WeightDeltaEdit;
import dev.amend.toolkit.edit.WeightDeltaMethod;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * MEND at edit time, as EasyEdit's ({@code models/mend/mend_main.py}, {@code MEND.edit}): one forward and backward
 * pass of the requests' {@code prompt + " " + target} gives each edited weight's gradient factors
 * ({@link GradientFactors#captureEasyEdit}, or the trainer's loss with {@code edit_labels: answer}); the archive's
 * network transforms them, and the weight changes by {@code lr · Σ_t δ̃_t ũ_tᵀ} (all requests of a batch together;
 * {@link MendNet}), kept as a low-rank delta whose rank is the number of tokens.
 */
final class Mend extends WeightDeltaMethod {

    private final MendHParams h;

    Mend(MendHParams hparams) {
        this.h = hparams;
    }

    @Override
    public AppliedEdit apply(LanguageModel model, List<EditRequest> requests, EditContext context) {
        Path dir = Path.of(h.archive());
        MendArchive archive = MendArchive.read(dir);
        List<WeightSite> sites = archive.sites(model);
        List<Probe> probes = requests.stream().map(r -> new Probe(r.filledPrompt(), r.targetNew())).toList();
        List<WeightDelta> deltas = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(model.spec().device())) {
            MendNet net = MendArchive.net(dir, manager, MendArchive.shapes(model, sites));
            GradientFactors factors;
            try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                factors = h.editLabels().equals(MendHParams.EASYEDIT)
                        ? GradientFactors.captureEasyEdit(model, sites, probes, manager, collector)
                        : GradientFactors.capture(model, sites, probes, manager, collector);
            }
            for (int i = 0; i < sites.size(); i++) {
                NDArray[] f = net.factors(i, factors.u().get(i), factors.delta().get(i));
                NDArray u = f[0].transpose().duplicate();
                NDArray v = f[1].transpose().duplicate();
                u.detach();
                v.detach();
                deltas.add(new WeightDelta.LowRank(sites.get(i), u, v));
            }
        }
        return WeightDeltaEdit.apply(model, context, MendProvider.NAME, h, requests, deltas);
    }
}
