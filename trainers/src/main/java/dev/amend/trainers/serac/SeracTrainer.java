package dev.amend.trainers.serac;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.amend.api.InvalidInputException;
import dev.amend.api.Progress;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.api.train.Trainer;
import dev.amend.api.train.TrainingJob;
import dev.amend.methods.data.TrainingRecords;
import dev.amend.methods.data.TrainingRecords.TrainingRecord;
import dev.amend.methods.serac.ScopeClassifier;
import dev.amend.trainers.common.AdamW;
import dev.amend.trainers.common.Checkpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trains SERAC's scope classifier as the SERAC paper does (Mitchell et al., 2022): binary cross-entropy on the
 * probability that an edit covers an input, in scope for the edit's own prompt and its rephrasing (with and without the
 * new target after them), out of scope for its unrelated fact and for every other edit of the batch. EasyEdit trains
 * the classifier only through the soft mixture of the two models' outputs, on the edit input itself; its rephrasings
 * are never seen, so this trainer takes the paper's explicit objective. The encoder starts from {@code cls_name} and is
 * fine-tuned whole with AdamW. The archive holds {@code classifier/} (the fine-tuned encoder, a model directory),
 * {@code replacement/} (a copy of {@code small_name}) and {@code serac.json} (the comparison and the held-out
 * figures). Checkpoints every {@code checkpoint_every} steps; each step's batch depends only on (seed, step), so a
 * resumed run ends as the uninterrupted one.
 */
final class SeracTrainer implements Trainer {

    static final String CLASSIFIER = "classifier";
    static final String REPLACEMENT = "replacement";
    static final String MANIFEST = "serac.json";
    private static final List<String> MODEL_FILES = List.of("config.json", "tokenizer.json");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final SeracTrainHParams h;

    SeracTrainer(SeracTrainHParams hparams) {
        this.h = hparams;
    }

    @Override
    public Path train(TrainingJob job) throws IOException {
        List<TrainingRecord> records = TrainingRecords.read(job.dataset(), "data");
        if (records.size() < h.valRecords() + h.batchSize()) {
            throw new InvalidInputException(job.dataset() + " holds " + records.size() + " records: fewer than"
                    + " val_records (" + h.valRecords() + ") + batch_size (" + h.batchSize() + ")");
        }
        List<TrainingRecord> train = records.subList(0, records.size() - h.valRecords());
        List<TrainingRecord> held = records.subList(records.size() - h.valRecords(), records.size());
        Path out = job.outputDir();
        Path checkpoint = out.resolve("checkpoint");
        Files.createDirectories(out);
        int start = Checkpoints.start(checkpoint, h, dir -> copyModel(Path.of(h.clsName()), dir, "cls_name"));
        AdamW adamW = new AdamW(0.9, 0.999, 0.0, h.gradClip());
        Map<String, Double> figures;
        try (LanguageModel encoder = job.models().load(checkpoint, LoadOptions.cpu());
             NDManager optimizerState = NDManager.newBaseManager();
             Progress.Task task = job.progress().resume("serac classifier", h.maxIters(), start)) {
            ScopeClassifier classifier = new ScopeClassifier(encoder, h.cos(), h.square());
            Map<String, NDArray> params = encoder.weights().trainableParameters();
            Map<String, NDArray> moments = AdamW.moments(checkpoint.resolve(Checkpoints.OPTIMIZER), params,
                    optimizerState);
            params.values().forEach(p -> p.setRequiresGradient(true));
            for (int step = start + 1; step <= h.maxIters(); step++) {
                double loss;
                try (NDScope scope = new NDScope()) {   // frees each step's gradients and temporaries
                    scope.suppressNotUsedWarning();
                    loss = step(classifier, batch(train, job.seed(), step));
                    adamW.update(params, moments, step, h.lr());
                }
                task.status(String.format("loss %.4f", loss));
                task.advance(1);
                if (step % h.checkpointEvery() == 0 || step == h.maxIters()) {
                    Checkpoints.save(checkpoint, MODEL_FILES, params, moments, h, step, loss);
                }
            }
            figures = held.isEmpty() ? Map.of() : ScopeFigures.measure(classifier, held);
            writeArchive(out, checkpoint, params, figures);
        }
        Checkpoints.deleteTree(checkpoint);
        return out;
    }

    /** Copies a model directory's files ({@code key}: the hparams key that named it, for messages). */
    private static void copyModel(Path from, Path to, String key) throws IOException {
        for (String file : MODEL_FILES) {
            copy(from, to, file, key);
        }
        copy(from, to, Checkpoints.WEIGHTS, key);
    }

    private static void copy(Path from, Path to, String file, String key) throws IOException {
        if (!Files.isRegularFile(from.resolve(file))) {
            throw new InvalidInputException(key + ": " + from + " is not a model directory: " + file + " is missing");
        }
        Files.copy(from.resolve(file), to.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The training records of step {@code step}: {@code batch_size} distinct ones, drawn from (seed, step) alone. */
    private List<TrainingRecord> batch(List<TrainingRecord> train, long seed, int step) {
        Random random = new Random(seed * 1_000_003L + step);
        List<Integer> picked = new ArrayList<>();
        while (picked.size() < h.batchSize()) {
            int i = random.nextInt(train.size());
            if (!picked.contains(i)) {
                picked.add(i);
            }
        }
        return picked.stream().map(train::get).toList();
    }

    /** One step's loss and gradients: mean −log p over in-scope pairs plus mean −log(1 − p) over the others. */
    private static double step(ScopeClassifier classifier, List<TrainingRecord> batch) {
        ScopePairs pairs = ScopePairs.of(batch);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray inScope = m.create(pairs.inScope(), new Shape(pairs.queries().size(), batch.size()));
            NDArray outOfScope = m.create(1f).sub(inScope);
            try (GradientCollector collector = m.getEngine().newGradientCollector()) {
                collector.zeroGradients();
                NDArray logP = classifier.logCoverage(classifier.embed(m, pairs.queries()),
                        classifier.embed(m, pairs.stored()), 1.0);
                NDArray logNotP = m.create(1f).sub(logP.exp()).add(m.create(1e-6f)).log();
                NDArray loss = logP.mul(inScope).sum().div(inScope.sum())
                        .add(logNotP.mul(outOfScope).sum().div(outOfScope.sum())).neg();
                collector.backward(loss);
                return loss.getFloat();
            }
        }
    }

    private void writeArchive(Path out, Path checkpoint, Map<String, NDArray> params, Map<String, Double> figures)
            throws IOException {
        Path classifier = out.resolve(CLASSIFIER);
        Path replacement = out.resolve(REPLACEMENT);
        Files.createDirectories(classifier);
        Files.createDirectories(replacement);
        for (String file : MODEL_FILES) {
            copy(checkpoint, classifier, file, "checkpoint");
        }
        Checkpoints.writeTensors(classifier.resolve(Checkpoints.WEIGHTS), params);
        copyModel(Path.of(h.smallName()), replacement, "small_name");
        ObjectNode manifest = JSON.createObjectNode().put("cos", h.cos()).put("square", h.square())
                .put("scale", 1.0).put("threshold", ScopeClassifier.THRESHOLD).put("steps", h.maxIters());
        ObjectNode held = manifest.putObject("held_out");
        figures.forEach(held::put);
        JSON.writeValue(out.resolve(MANIFEST).toFile(), manifest);
    }
}
