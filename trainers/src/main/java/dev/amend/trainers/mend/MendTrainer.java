package dev.amend.trainers.mend;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amend.api.InvalidInputException;
import dev.amend.api.Progress;
import dev.amend.api.edit.Probe;
import dev.amend.api.model.BatchLayout;
import dev.amend.api.model.HookPoint;
import dev.amend.api.model.HookSite;
import dev.amend.api.model.Hooks;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.api.model.ModelOutput;
import dev.amend.api.model.WeightSite;
import dev.amend.api.train.Trainer;
import dev.amend.api.train.TrainingJob;
import dev.amend.methods.data.TrainingRecords.TrainingRecord;
import dev.amend.methods.data.TrainingRecords;
import dev.amend.methods.mend.GradientFactors;
import dev.amend.methods.mend.MendArchive;
import dev.amend.methods.mend.MendNet;
import dev.amend.toolkit.io.AtomicFiles;
import dev.amend.toolkit.io.Safetensors;
import dev.amend.toolkit.model.Padding;
import dev.amend.toolkit.model.TeacherForcing;
import dev.amend.trainers.common.AdamW;
import dev.amend.trainers.common.Batches;
import dev.amend.trainers.common.Checkpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains MEND's network as EasyEdit's {@code EditTrainer} does, with the base model frozen: per step, each of
 * {@code batch_size} training edits is made alone (its gradient factors at the edited weights, from one pass on
 * {@code prompt + target}, transformed into an update), then the edited model is scored: {@code cedit} × the answer's
 * negative log-likelihood on the edit's prompt and its rephrasing (the MEND paper's equivalence neighbourhood;
 * EasyEdit's ZsRE loader uses the prompt alone) plus {@code cloc} × the KL divergence of the unrelated fact's token
 * distributions from the unedited model's. The edited model is computed with hooks ({@code MLP_OUT += MLP_KEY ·
 * ΔWᵀ}), so the loss reaches the network through each update. Adam for the network ({@code lr}) and the step sizes
 * ({@code lr_lr}). Checkpoints hold the network, its statistics and Adam's moments; each step's edits depend only
 * on (seed, step), so a resumed run ends as the uninterrupted one.
 */
final class MendTrainer implements Trainer {

    private final MendTrainHParams h;

    MendTrainer(MendTrainHParams hparams) {
        this.h = hparams;
    }

    @Override
    public Path train(TrainingJob job) throws IOException {
        List<TrainingRecord> train = TrainingRecords.readAsZsreDataset(job.dataset(), "data");
        if (train.size() < h.batchSize()) {
            throw new InvalidInputException(job.dataset() + " holds " + train.size() + " records: fewer than"
                    + " batch_size (" + h.batchSize() + ")");
        }
        Path modelDir = job.baseModel().orElseThrow(() -> new InvalidInputException("mend trains for a base model:"
                + " give its directory with --model or as model_name in the hparams file"));
        Path out = job.outputDir();
        Path checkpoint = out.resolve("checkpoint");
        Files.createDirectories(out);
        AtomicFiles.recoverFiles(out);
        MendArchive archive = new MendArchive(h.innerParams());
        try (LanguageModel model = job.models().load(modelDir, LoadOptions.cpu());
             NDManager state = NDManager.newBaseManager()) {
            List<WeightSite> sites = archive.sites(model);
            long[][] shapes = MendArchive.shapes(model, sites);
            int start = Checkpoints.start(checkpoint, h, dir -> {
                try (NDManager scratch = NDManager.newBaseManager()) {
                    Safetensors.write(dir.resolve(Checkpoints.WEIGHTS),
                            MendNet.initial(scratch, shapes, h.rank(), h.editLr(), job.seed()).tensors());
                }
            });
            MendNet net = MendNet.of(Safetensors.read(checkpoint.resolve(Checkpoints.WEIGHTS), state), shapes,
                    checkpoint.toString());
            Map<String, NDArray> trained = new LinkedHashMap<>(net.transform());
            trained.putAll(net.stepSizes());
            Map<String, NDArray> moments = AdamW.moments(checkpoint.resolve(Checkpoints.OPTIMIZER), trained, state);
            trained.values().forEach(p -> p.setRequiresGradient(true));
            AdamW adamW = new AdamW(0.9, 0.999, 0.0, h.gradClip());
            try (Progress.Task task = job.progress().resume("mend", h.maxIters(), start)) {
                for (int step = start + 1; step <= h.maxIters(); step++) {
                    double loss;
                    try (NDScope scope = new NDScope()) {   // frees each step's gradients and temporaries
                        scope.suppressNotUsedWarning();
                        loss = step(model, sites, net,
                                Batches.distinct(train, h.batchSize(), Batches.random(job.seed(), 0, step)));
                        adamW.update(net.transform(), moments, step, h.lr());
                        if (h.lrLr() > 0) {
                            adamW.update(net.stepSizes(), moments, step, h.lrLr());
                        }
                    }
                    task.status(String.format("loss %.4f", loss));
                    task.advance(1);
                    if (step % h.checkpointEvery() == 0 || step == h.maxIters()) {
                        Checkpoints.save(checkpoint, List.of(), net.tensors(), moments, h, step, loss);
                    }
                }
            }
            Checkpoints.discard(checkpoint);   // the archive's manifest, written last, marks the output complete
            archive.write(out, net, new ObjectMapper().createObjectNode().put("steps", h.maxIters())
                    .put("base_model", model.weights().fingerprint()));
        }
        return out;
    }

    /** One step's loss, with the network's gradients left for the optimizer. */
    private double step(LanguageModel model, List<WeightSite> sites, MendNet net, List<TrainingRecord> batch) {
        int edits = batch.size();
        List<Probe> editProbes = new ArrayList<>();
        List<Probe> scored = new ArrayList<>();
        List<Probe> unrelated = new ArrayList<>();
        for (TrainingRecord r : batch) {
            editProbes.add(new Probe(r.prompt(), r.target()));
            scored.add(new Probe(r.prompt(), r.target()));
            scored.add(new Probe(r.rephrase(), r.target()));
            unrelated.add(new Probe(r.locality(), r.localityAnswer()));
        }
        try (NDManager m = NDManager.newBaseManager();
             GradientCollector collector = m.getEngine().newGradientCollector()) {
            collector.zeroGradients();
            GradientFactors factors = GradientFactors.capture(model, sites, editProbes, m, collector);
            NDArray membership = factors.membership(m, edits);
            List<NDArray> updates = new ArrayList<>();
            for (int i = 0; i < sites.size(); i++) {
                net.observe(i, factors.u().get(i), factors.delta().get(i));
                NDArray[] f = net.factors(i, factors.u().get(i), factors.delta().get(i));
                // [edits, out, in]: Σ over each edit's own tokens of (−lr·δ̃)ᵀ ũ
                NDArray scaled = membership.expandDims(2).mul(f[0].expandDims(0));
                updates.add(scaled.transpose(0, 2, 1).matMul(f[1].expandDims(0)));
            }
            TeacherForcing editForcing = TeacherForcing.of(model, scored);
            ModelOutput edited = model.forward(m, editForcing.batch(), edited(sites, updates, rowsOf(edits, 2), m));
            NDArray editLoss = editForcing.meanNegativeLogLikelihood(m, edited);

            TeacherForcing locForcing = TeacherForcing.of(model, unrelated);
            ModelOutput before = model.forward(m, locForcing.batch());
            ModelOutput after = model.forward(m, locForcing.batch(), edited(sites, updates, rowsOf(edits, 1), m));
            NDArray locLoss = kl(m, before, after);

            NDArray total = editLoss.mul(m.create((float) h.cedit())).add(locLoss.mul(m.create((float) h.cloc())));
            collector.backward(total);
            return total.getFloat();
        }
    }

    /** For each of {@code edits × perEdit} rows, its edit. */
    private static long[] rowsOf(int edits, int perEdit) {
        long[] rows = new long[edits * perEdit];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i / perEdit;
        }
        return rows;
    }

    /** Hooks that make each row's model the one edited by its own edit's updates. */
    private static Hooks edited(List<WeightSite> sites, List<NDArray> updates, long[] rowEdit, NDManager m) {
        NDArray index = m.create(rowEdit);
        Hooks hooks = Hooks.none();
        for (int i = 0; i < sites.size(); i++) {
            NDArray[] key = new NDArray[1];
            NDArray perRow = updates.get(i).get(index).transpose(0, 2, 1);   // [rows, in, out]
            int layer = sites.get(i).layer();
            hooks = hooks.replace(HookSite.decoder(layer, HookPoint.MLP_KEY), (k, l) -> {
                key[0] = k;
                return k;
            });
            hooks = hooks.replace(HookSite.decoder(layer, HookPoint.MLP_OUT), (o, l) -> o.add(key[0].matMul(perRow)));
        }
        return hooks;
    }

    /** Mean over real tokens of KL(before ‖ after) of the next-token distributions. */
    private static NDArray kl(NDManager m, ModelOutput before, ModelOutput after) {
        BatchLayout layout = after.layout();
        NDArray mask = Padding.mask(m, layout).toType(DataType.FLOAT32, false);
        NDArray logP = before.logits().logSoftmax(-1);
        NDArray logQ = after.logits().logSoftmax(-1);
        NDArray perToken = logP.exp().mul(logP.sub(logQ)).sum(new int[] {-1});
        return perToken.mul(mask).sum().div(mask.sum());
    }
}
