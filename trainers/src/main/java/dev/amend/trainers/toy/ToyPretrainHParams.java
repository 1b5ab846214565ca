package dev.amend.trainers.toy;

import dev.amend.api.HParam;
import dev.amend.api.HParams;
import dev.amend.trainers.common.TrainKeyDocs;

/**
 * Hparams of the toy pretrainer (by default the recipe that made models/toy: 4 layers, d=256, AdamW 2e-3 with betas
 * 0.9/0.98 and weight decay 0.01, 100 warm-up steps then cosine to 10 %, batches of 64 rows of 64 tokens).
 */
public record ToyPretrainHParams(
        @HParam(value = "GPT-2 blocks; > 0", easyEdit = HParam.AMEND_ONLY)
        int layers,
        @HParam(value = "residual width (n_embd); > 0, a multiple of heads", easyEdit = HParam.AMEND_ONLY)
        int hidden,
        @HParam(value = "attention heads; > 0", easyEdit = HParam.AMEND_ONLY)
        int heads,
        @HParam(value = "optimizer steps; > 0", easyEdit = HParam.AMEND_ONLY)
        int steps,
        @HParam(value = "rows per step; > 0", easyEdit = HParam.AMEND_ONLY)
        int batchSize,
        @HParam(value = "tokens per row, also the model's n_positions; ≥ 24 (an in-context episode must fit)",
                easyEdit = HParam.AMEND_ONLY)
        int rowLength,
        @HParam(value = "peak learning rate; > 0", easyEdit = HParam.AMEND_ONLY)
        double lr,
        @HParam(value = "AdamW's β₁", easyEdit = HParam.AMEND_ONLY)
        double beta1,
        @HParam(value = "AdamW's β₂", easyEdit = HParam.AMEND_ONLY)
        double beta2,
        @HParam(value = "AdamW's decoupled weight decay, per unit of learning rate, on 2-D weights only",
                easyEdit = HParam.AMEND_ONLY)
        double weightDecay,
        @HParam(value = "linear warm-up steps; in [0, steps)", easyEdit = HParam.AMEND_ONLY)
        int warmupSteps,
        @HParam(value = "learning rate at the last step, as a fraction of the peak (cosine decay); in [0, 1]",
                easyEdit = HParam.AMEND_ONLY)
        double finalLrFraction,
        @HParam(value = "the gradients' global norm is clipped to this; > 0", easyEdit = HParam.AMEND_ONLY)
        double clipNorm,
        @HParam(value = "share of rows made of in-context update episodes after late_mix_from; episode_share + "
                + "copy_share ≤ 1, the other rows being plain fact sentences", easyEdit = HParam.AMEND_ONLY)
        double episodeShare,
        @HParam(value = "share of an episode's questions, after late_mix_from, about a subject none of the row's "
                + "statements names (whose true fact is the answer); in [0, 1]", easyEdit = HParam.AMEND_ONLY)
        double distractorShare,
        @HParam(value = "most new facts stated in one episode before its questions (each late episode states 1 to "
                + "this, all of one relation, so that only the subject tells them apart); > 0",
                easyEdit = HParam.AMEND_ONLY)
        int episodeStatements,
        @HParam(value = "loss weight of a late episode question's answer, relative to 1 for the other learned tokens "
                + "(an episode's stated objects weigh 0, early answers 1); > 0", easyEdit = HParam.AMEND_ONLY)
        double answerWeight,
        @HParam(value = "share of rows after late_mix_from that repeat a random word sequence (only the repeats are "
                + "learned): they teach the model to look up earlier tokens, which subject-keyed copying builds on",
                easyEdit = HParam.AMEND_ONLY)
        double copyShare,
        @HParam(value = "share of rows made of episodes up to late_mix_from (one statement each, answers weighing 1, "
                + "no copy rows)", easyEdit = HParam.AMEND_ONLY)
        double earlyEpisodeShare,
        @HParam(value = "share of those early episodes' questions about an unstated subject",
                easyEdit = HParam.AMEND_ONLY)
        double earlyDistractorShare,
        @HParam(value = "the last step of the early mix; the episode and copy settings above apply after it; in "
                + "[0, steps)", easyEdit = HParam.AMEND_ONLY)
        int lateMixFrom,
        @HParam(value = "standard deviation of the initial weights (GPT-2's 0.02; the residual projections' is "
                + "divided by √(2·layers)); > 0", easyEdit = HParam.AMEND_ONLY)
        double initStd,
        @HParam(value = TrainKeyDocs.CHECKPOINT_EVERY, easyEdit = HParam.AMEND_ONLY)
        int checkpointEvery,
        @HParam(value = "steps between quick fact-accuracy figures on the progress bar; > 0",
                easyEdit = HParam.AMEND_ONLY)
        int evalEvery,
        @HParam(value = "seed of the initial weights, of the data stream and of the final evaluation's episodes",
                easyEdit = HParam.AMEND_ONLY)
        long seed,
        @HParam(value = "seed of the world generated when the data set file does not exist yet",
                easyEdit = HParam.AMEND_ONLY)
        long worldSeed,
        @HParam(value = "the MLP activation written to config.json: gelu (PyTorch's fused kernel, fastest here), "
                + "gelu_new, gelu_pytorch_tanh, gelu_fast, relu or silu, checked when the model loads",
                easyEdit = HParam.AMEND_ONLY)
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

    /** The learning rate of step {@code step} (1-based): linear warm-up, then cosine to the final fraction. */
    public double learningRate(int step) {
        if (step <= warmupSteps) {
            return lr * step / Math.max(1, warmupSteps);
        }
        double progress = (double) (step - warmupSteps) / (steps - warmupSteps);
        return lr * (finalLrFraction + (1 - finalLrFraction) * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
}
