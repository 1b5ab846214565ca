package dev.amend.trainers.toy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.amend.api.Progress;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.api.model.TokenBatch;
import dev.amend.api.train.Trainer;
import dev.amend.api.train.TrainingJob;
import dev.amend.toolkit.io.AtomicFiles;
import dev.amend.toolkit.io.Safetensors;
import dev.amend.trainers.common.AdamW;
import dev.amend.trainers.common.Checkpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pretrains a GPT-2 from scratch on a toy world with DJL autograd in float32: next-token cross-entropy on packed rows,
 * weighted per token as {@link TrainingStream} says (the stated objects of episodes excluded), AdamW with decoupled
 * weight decay on matrices, warm-up then cosine decay,
 * global gradient-norm clipping. The model is the {@code gpt2} adapter's own, loaded from a checkpoint directory, so
 * what is trained is exactly what is later edited. Checkpoints (weights, AdamW moments, step) are swapped in
 * atomically every {@code checkpoint_every} steps; a rerun resumes from the last one, and since each step's data depends
 * only on (seed, step) it continues as the uninterrupted run would.
 */
final class ToyPretrainer implements Trainer {

    private static final List<String> MODEL_FILES = List.of("config.json", "tokenizer.json");

    private final ToyPretrainHParams h;
    private final AdamW adamW;

    ToyPretrainer(ToyPretrainHParams hparams) {
        this.h = hparams;
        this.adamW = new AdamW(h.beta1(), h.beta2(), h.weightDecay(), h.clipNorm());
    }

    /**
     * Trains on the world in {@code job.dataset()} ({@code world.json}); when that file does not exist, the world of
     * {@code world_seed} is generated and written there with its exported data sets. Ends with the model, its
     * {@code figures.json} and its model card in the output directory.
     */
    @Override
    public Path train(TrainingJob job) throws IOException {
        if (!Files.exists(job.dataset())) {
            ToyExports.write(ToyWorld.generate(h.worldSeed()), job.dataset().toAbsolutePath().getParent());
        }
        ToyWorld world = ToyWorld.read(job.dataset());
        long started = System.nanoTime();
        List<String> vocabulary = world.vocabulary();
        Path out = job.outputDir();
        Path checkpoint = out.resolve("checkpoint");
        Files.createDirectories(out);
        AtomicFiles.recoverFiles(out);
        int start = Checkpoints.start(checkpoint, h, dir -> {
            ToyCheckpoints.writeModelFiles(dir, h, vocabulary);
            ToyCheckpoints.writeInitialWeights(dir, h, vocabulary.size());
        });
        TrainingStream stream = new TrainingStream(world, vocabulary, h.rowLength(), TrainingStream.Mix.early(h),
                TrainingStream.Mix.late(h), h.lateMixFrom(), h.seed());
        try (LanguageModel model = job.models().load(checkpoint, LoadOptions.cpu());
             NDManager optimizerState = NDManager.newBaseManager();
             Progress.Task task = job.progress().resume("pretrain-toy", h.steps(), start)) {
            Map<String, NDArray> params = model.weights().trainableParameters();
            Map<String, NDArray> moments = AdamW.moments(checkpoint.resolve(Checkpoints.OPTIMIZER), params,
                    optimizerState);
            params.values().forEach(p -> p.setRequiresGradient(true));
            double loss = Double.NaN;
            String facts = "";
            for (int step = start + 1; step <= h.steps(); step++) {
                loss = step(model, params, moments, stream.batch(step, h.batchSize()), step);
                if (step % h.evalEvery() == 0 || step == h.steps()) {
                    facts = String.format("  facts %.0f%% (step %d)", 100 * ToyEvaluation.coreFacts(model, world, 500),
                            step);
                }
                task.status(String.format("loss %.3f%s", loss, facts));
                task.advance(1);
                if (step % h.checkpointEvery() == 0 || step == h.steps()) {
                    Checkpoints.save(checkpoint, MODEL_FILES, params, moments, h, step, loss);
                }
            }
            for (String file : MODEL_FILES) {
                AtomicFiles.write(out.resolve(file), staging -> Files.copy(checkpoint.resolve(file), staging,
                        StandardCopyOption.REPLACE_EXISTING));
            }
            AtomicFiles.write(out.resolve("model.safetensors"), staging -> Safetensors.write(staging, params));
        }
        java.time.Duration trainTime = java.time.Duration.ofNanos(System.nanoTime() - started);
        try (LanguageModel trained = job.models().load(out, LoadOptions.cpu())) {
            long parameters = trained.weights().trainableParameters().values().stream().mapToLong(NDArray::size).sum();
            ToyEvaluation.Figures figures = ToyEvaluation.evaluate(trained, world, h.seed());
            Checkpoints.discard(checkpoint);   // the model card, written last, marks the output complete
            ToyModelCard.write(out, h, world, parameters, figures, trainTime, start);
        }
        return out;
    }

    /** One optimizer step; returns the loss. */
    private double step(LanguageModel model, Map<String, NDArray> params, Map<String, NDArray> moments,
                        List<TrainingStream.Row> rows, int step) {
        try (NDScope scope = new NDScope(); NDManager m = NDManager.newBaseManager()) {
            scope.suppressNotUsedWarning();
            int t = h.rowLength();
            List<int[]> inputs = new ArrayList<>();
            long[] targets = new long[rows.size() * t];
            float[] weights = new float[rows.size() * t];
            double total = 0;
            for (TrainingStream.Row row : rows) {
                for (float w : row.weights()) {
                    total += w;
                }
            }
            for (int r = 0; r < rows.size(); r++) {
                int[] tokens = rows.get(r).tokens();
                inputs.add(java.util.Arrays.copyOf(tokens, t));
                for (int i = 0; i < t; i++) {
                    targets[r * t + i] = tokens[i + 1];
                    weights[r * t + i] = (float) (rows.get(r).weights()[i] / total);
                }
            }
            double loss;
            try (GradientCollector collector = m.getEngine().newGradientCollector()) {
                collector.zeroGradients();
                NDArray logits = model.forward(m, TokenBatch.of(inputs)).logits();
                NDArray oneHot = m.create(targets, new Shape(rows.size(), t)).oneHot((int) logits.getShape().get(2));
                NDArray nll = logits.logSoftmax(-1).mul(oneHot).sum(new int[] {-1})
                        .mul(m.create(weights, new Shape(rows.size(), t))).sum().neg();
                loss = nll.getFloat();
                collector.backward(nll);
            }
            adamW.update(params, moments, step, h.learningRate(step));
            return loss;
        }
    }
}
