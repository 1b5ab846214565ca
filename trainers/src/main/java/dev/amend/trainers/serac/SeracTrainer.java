package dev.amend.trainers.serac;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.amend.api.InvalidInputException;
import dev.amend.api.Progress;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.api.train.Trainer;
import dev.amend.api.train.TrainingJob;
import dev.amend.methods.data.TrainingRecords.TrainingRecord;
import dev.amend.methods.data.TrainingRecords;
import dev.amend.methods.serac.ScopeClassifier;
import dev.amend.methods.serac.SeracArchive;
import dev.amend.toolkit.io.AtomicFiles;
import dev.amend.toolkit.model.TeacherForcing;
import dev.amend.trainers.common.AdamW;
import dev.amend.trainers.common.Batches;
import dev.amend.trainers.common.Checkpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * Trains SERAC's two parts, one after the other, each fine-tuned whole with AdamW from its starting model:
 * <ul>
 *   <li>the scope classifier, by the SERAC paper's binary cross-entropy (Mitchell et al., 2022) on the probability
 *   that an edit covers an input: in scope for the edit's own prompt and its rephrasing, out of scope for its unrelated
 *   fact (a near neighbour, weighed as much as all the batch's other edits together) and for every other edit of the
 *   batch. EasyEdit trains the classifier only through the mixture of the two models' outputs on the edit input
 *   itself, so it never sees rephrasings; this trainer takes the paper's explicit objective;</li>
 *   <li>the counterfactual model, by the new target's negative log-likelihood after the edit's lead-in
 *   ({@code edit_template}), for the edit's prompt and its rephrasing (in scope only, as the paper). Each step
 *   restates its edits with targets drawn from other edits of the same relation, so that the model learns to read
 *   the edit rather than the training edits' targets.</li>
 * </ul>
 * The archive ({@link SeracArchive}) holds both models, and {@code serac.json} with the held-out figures. Checkpoints
 * every {@code checkpoint_every} steps; each step's batch depends only on (seed, part, step), so a resumed run ends as
 * the uninterrupted one.
 */
final class SeracTrainer implements Trainer {

    private static final List<String> MODEL_FILES = List.of("config.json", "tokenizer.json");

    private final SeracTrainHParams h;

    SeracTrainer(SeracTrainHParams hparams) {
        this.h = hparams;
    }

    /** One part's loss on one batch, inside a {@code GradientCollector}; arrays go to {@code manager}. */
    @FunctionalInterface
    private interface Objective {
        NDArray loss(NDManager manager, LanguageModel model, List<TrainingRecord> batch);
    }

    @Override
    public Path train(TrainingJob job) throws IOException {
        List<TrainingRecord> records = TrainingRecords.readAsZsreDataset(job.dataset(), "data");
        if (records.size() < h.valRecords() + h.batchSize()) {
            throw new InvalidInputException(job.dataset() + " holds " + records.size() + " records: fewer than"
                    + " val_records (" + h.valRecords() + ") + batch_size (" + h.batchSize() + ")");
        }
        List<TrainingRecord> train = records.subList(0, records.size() - h.valRecords());
        List<TrainingRecord> held = records.subList(records.size() - h.valRecords(), records.size());
        Path out = job.outputDir();
        Files.createDirectories(out);
        AtomicFiles.recoverFiles(out);   // staging files of a run killed while it wrote
        SeracArchive archive = new SeracArchive(out.resolve(SeracArchive.CLASSIFIER),
                out.resolve(SeracArchive.REPLACEMENT), h.cos(), h.square(), h.editTemplate(), h.promptPrefix());
        Path classifierRun = out.resolve("checkpoint-" + SeracArchive.CLASSIFIER);
        Path replacementRun = out.resolve("checkpoint-" + SeracArchive.REPLACEMENT);
        fineTune(job, "serac classifier", classifierRun, Path.of(h.clsName()), "cls_name",
                step -> Batches.distinct(train, h.batchSize(), Batches.random(job.seed(), 1, step)),
                (m, model, batch) -> classifierLoss(m, new ScopeClassifier(model, h.cos(), h.square()), batch));
        Map<String, List<String>> targets = train.stream().collect(Collectors.groupingBy(TrainingRecord::relation,
                TreeMap::new, Collectors.mapping(TrainingRecord::target, Collectors.toList())));
        fineTune(job, "serac counterfactual", replacementRun, Path.of(h.smallName()), "small_name",
                step -> restated(Batches.distinct(train, h.batchSize(), Batches.random(job.seed(), 2, step)), targets,
                        Batches.random(job.seed(), 3, step)),
                (m, model, batch) -> counterfactualLoss(m, model, archive, batch));
        ObjectNode heldOut = new ObjectMapper().createObjectNode();
        if (!held.isEmpty()) {
            try (LanguageModel encoder = job.models().load(classifierRun, LoadOptions.cpu());
                 LanguageModel replacement = job.models().load(replacementRun, LoadOptions.cpu())) {
                ScopeFigures.measure(new ScopeClassifier(encoder, h.cos(), h.square()), held).forEach(heldOut::put);
                CounterfactualFigures.measure(replacement, archive, held).forEach(heldOut::put);
            }
        }
        // serac.json marks a complete archive: it goes before the models are replaced and comes back, last, after
        // them and after the checkpoints are gone
        Files.deleteIfExists(out.resolve(SeracArchive.MANIFEST));
        copyModel(classifierRun, archive.classifier(), "checkpoint");
        copyModel(replacementRun, archive.replacement(), "checkpoint");
        Checkpoints.discard(classifierRun);
        Checkpoints.discard(replacementRun);
        ObjectNode extra = new ObjectMapper().createObjectNode().put("steps", h.maxIters());
        extra.set("held_out", heldOut);
        archive.writeManifest(out, extra);
        return out;
    }

    /** Fine-tunes the model in {@code from} (or resumes it) in the checkpoint directory {@code run}. */
    private void fineTune(TrainingJob job, String label, Path run, Path from, String key,
                          IntFunction<List<TrainingRecord>> batches, Objective objective) throws IOException {
        int start = Checkpoints.start(run, h, dir -> copyModel(from, dir, key));
        AdamW adamW = new AdamW(0.9, 0.999, 0.0, h.gradClip());
        try (LanguageModel model = job.models().load(run, LoadOptions.cpu());
             NDManager optimizerState = NDManager.newBaseManager();
             Progress.Task task = job.progress().resume(label, h.maxIters(), start)) {
            Map<String, NDArray> params = model.weights().trainableParameters();
            Map<String, NDArray> moments = AdamW.moments(run.resolve(Checkpoints.OPTIMIZER), params, optimizerState);
            params.values().forEach(p -> p.setRequiresGradient(true));
            for (int step = start + 1; step <= h.maxIters(); step++) {
                double loss;
                try (NDScope scope = new NDScope()) {   // frees each step's gradients and temporaries
                    scope.suppressNotUsedWarning();
                    List<TrainingRecord> batch = batches.apply(step);
                    try (NDManager m = NDManager.newBaseManager();
                         GradientCollector collector = m.getEngine().newGradientCollector()) {
                        collector.zeroGradients();
                        NDArray value = objective.loss(m, model, batch);
                        collector.backward(value);
                        loss = value.getFloat();
                    }
                    adamW.update(params, moments, step, h.lr());
                }
                task.status(String.format("loss %.4f", loss));
                task.advance(1);
                if (step % h.checkpointEvery() == 0 || step == h.maxIters()) {
                    Checkpoints.save(run, MODEL_FILES, params, moments, h, step, loss);
                }
            }
        }
    }

    /** Copies a model directory's files, each in one step ({@code key}: what named it, for messages). */
    private static void copyModel(Path from, Path to, String key) throws IOException {
        Files.createDirectories(to);
        AtomicFiles.recoverFiles(to);
        for (String file : List.of(MODEL_FILES.get(0), MODEL_FILES.get(1), Checkpoints.WEIGHTS)) {
            if (!Files.isRegularFile(from.resolve(file))) {
                throw new InvalidInputException(key + ": " + from + " is not a model directory: " + file
                        + " is missing");
            }
            AtomicFiles.write(to.resolve(file),
                    staging -> Files.copy(from.resolve(file), staging, StandardCopyOption.REPLACE_EXISTING));
        }
    }

    /**
     * The records stating, each, the target of a random training record of the same relation: the counterfactual model
     * then learns to read the edit, where the training edits' own targets could be learnt by heart as facts.
     */
    private static List<TrainingRecord> restated(List<TrainingRecord> batch, Map<String, List<String>> targets,
                                                 Random random) {
        return batch.stream().map(r -> {
            List<String> options = targets.get(r.relation());
            return r.withTarget(options.get(random.nextInt(options.size())));
        }).toList();
    }

    /**
     * The classifier's loss: mean −log p over in-scope pairs, plus mean −log(1 − p) over the hard negatives (each edit's
     * unrelated fact against that edit) and over the other out-of-scope pairs.
     */
    private static NDArray classifierLoss(NDManager m, ScopeClassifier classifier, List<TrainingRecord> batch) {
        ScopePairs pairs = ScopePairs.of(batch);
        Shape shape = new Shape(pairs.queries().size(), batch.size());
        NDArray inScope = m.create(pairs.inScope(), shape);
        NDArray hard = m.create(pairs.hard(), shape);
        NDArray easy = m.create(1f).sub(inScope).sub(hard);
        NDArray logP = classifier.logCoverage(classifier.embed(m, pairs.queries()), classifier.embed(m, pairs.stored()),
                1.0);
        NDArray logNotP = m.create(1f).sub(logP.exp()).add(m.create(1e-6f)).log();
        return meanOver(logP, inScope).add(meanOver(logNotP, hard)).add(meanOver(logNotP, easy)).neg();
    }

    /** The mean of {@code values} where {@code mask} is 1; 0 where it is 1 nowhere (one edit has no other edits). */
    private static NDArray meanOver(NDArray values, NDArray mask) {
        return values.mul(mask).sum().div(mask.sum().maximum(mask.getManager().create(1f)));
    }

    /** The counterfactual model's loss: answers' mean negative log-likelihood after the edit's lead-in. */
    private static NDArray counterfactualLoss(NDManager m, LanguageModel model, SeracArchive archive,
                                              List<TrainingRecord> batch) {
        TeacherForcing forcing = TeacherForcing.of(model, CounterfactualFigures.probes(archive, batch, false));
        return forcing.meanNegativeLogLikelihood(m, model.forward(m, forcing.batch()));
    }
}
