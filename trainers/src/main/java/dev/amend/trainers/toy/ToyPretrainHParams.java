package dev.amend.trainers.toy;

import dev.amend.api.HParams;

/**
 * Hparams of the toy pretrainer (DESIGN §7's measured recipe by default: 4 layers, d=256, AdamW 2e-3 with betas
 * 0.9/0.98 and weight decay 0.01, 100 warm-up steps then cosine to 10 %, batches of 64 rows of 64 tokens).
 *
 * @param layers          GPT-2 blocks
 * @param hidden          residual width
 * @param heads           attention heads
 * @param steps           optimizer steps
 * @param batchSize       rows per step
 * @param rowLength       tokens per row (also the model's n_positions)
 * @param lr              peak learning rate
 * @param warmupSteps     linear warm-up steps
 * @param finalLrFraction learning rate at the last step, as a fraction of the peak (cosine decay)
 * @param clipNorm        global gradient-norm clip
 * @param episodeShare    share of rows made of in-context update episodes
 * @param distractorShare share of an episode's questions that ask about a subject none of its statements names (whose
 *                        true fact is the answer)
 * @param episodeStatements most new facts stated in one episode before its questions (each late episode states 1 to
 *                        this, all of one relation, so that only the subject tells them apart)
 * @param answerWeight    loss weight of an episode question's answer, relative to 1 for every other token
 * @param copyShare       share of rows that repeat a random word sequence (only the repeats are learned): they teach
 *                        the model to look up earlier tokens, which the episodes' subject-keyed copying builds on
 * @param earlyEpisodeShare    share of episode rows up to {@code late_mix_from} (one statement each, no copy rows)
 * @param earlyDistractorShare share of those episodes' questions about an unstated subject
 * @param lateMixFrom          the last step of the early mix; the episode and copy settings above apply after it
 * @param initStd         standard deviation of the initial weights (GPT-2's 0.02)
 * @param checkpointEvery steps between checkpoints (a killed run resumes from the last one)
 * @param evalEvery       steps between quick fact-accuracy figures on the progress bar
 * @param seed            seed of the initial weights and of the data stream
 * @param worldSeed       seed of the world generated when the data set file does not exist yet
 * @param activationFunction the MLP activation written to config.json (gelu: PyTorch's fused kernel, fastest here)
 */
public record ToyPretrainHParams(int layers, int hidden, int heads, int steps, int batchSize, int rowLength, double lr,
                                 double beta1, double beta2, double weightDecay, int warmupSteps,
                                 double finalLrFraction, double clipNorm, double episodeShare, double distractorShare,
                                 int episodeStatements, double answerWeight, double copyShare, double earlyEpisodeShare,
                                 double earlyDistractorShare, int lateMixFrom, double initStd, int checkpointEvery,
                                 int evalEvery, long seed, long worldSeed,
                                 String activationFunction) implements HParams {

    public ToyPretrainHParams {
        positive("layers", layers);
        positive("hidden", hidden);
        positive("heads", heads);
        positive("steps", steps);
        positive("batch_size", batchSize);
        positive("row_length", rowLength);
        positive("checkpoint_every", checkpointEvery);
        positive("eval_every", evalEvery);
        positive("episode_statements", episodeStatements);
        if (lateMixFrom < 0 || lateMixFrom >= steps) {
            throw new IllegalArgumentException("late_mix_from must be in [0, steps), got " + lateMixFrom);
        }
        if (rowLength < MIN_ROW_LENGTH) {
            throw new IllegalArgumentException("row_length must be >= " + MIN_ROW_LENGTH
                    + " (the model's positions must hold an in-context episode), got " + rowLength);
        }
        if (hidden % heads != 0) {
            throw new IllegalArgumentException("hidden (" + hidden + ") must be divisible by heads (" + heads + ")");
        }
        if (lr <= 0 || clipNorm <= 0 || initStd <= 0 || answerWeight <= 0) {
            throw new IllegalArgumentException("lr, clip_norm, init_std and answer_weight must be > 0");
        }
        if (episodeShare + copyShare > 1) {
            throw new IllegalArgumentException("episode_share + copy_share must be <= 1, got " + episodeShare + " + "
                    + copyShare);
        }
        if (warmupSteps < 0 || warmupSteps >= steps) {
            throw new IllegalArgumentException("warmup_steps must be in [0, steps), got " + warmupSteps);
        }
        for (double share : new double[] {episodeShare, distractorShare, copyShare, earlyEpisodeShare,
                earlyDistractorShare, finalLrFraction}) {
            if (share < 0 || share > 1) {
                throw new IllegalArgumentException("shares and final_lr_fraction must be in [0, 1]");
            }
        }
    }

    /** Rows (and the model's positions) must hold the longest evaluation prompt, an in-context episode. */
    public static final int MIN_ROW_LENGTH = 24;

    private static void positive(String key, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be > 0, got " + value);
        }
    }

    /** DESIGN §7's recommended embedded model. */
    public static ToyPretrainHParams defaults() {
        return new ToyPretrainHParams(4, 256, 4, 2200, 64, 64, 2e-3, 0.9, 0.98, 0.01, 100, 0.1, 1.0, 0.4, 0.45, 3, 5.0,
                0.1, 0.12, 0.2, 900, 0.02, 100, 100, 1, 1, "gelu");
    }

    /** The learning rate of step {@code step} (1-based): linear warm-up, then cosine to the final fraction. */
    public double learningRate(int step) {
        if (step <= warmupSteps) {
            return lr * step / Math.max(1, warmupSteps);
        }
        double progress = (double) (step - warmupSteps) / (steps - warmupSteps);
        return lr * (finalLrFraction + (1 - finalLrFraction) * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
}
