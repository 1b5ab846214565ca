package dev.amend.trainers.mend;

import dev.amend.api.HParams;
import dev.amend.api.IgnoredKeys;
import java.util.List;

/**
 * The MEND trainer's hparams, in EasyEdit's keys ({@code hparams/TRAINING/MEND}). The network is EasyEdit's
 * {@code IDMLP} with {@code n_hidden: 1}, {@code init: id}, {@code norm: true}, {@code combine: true}, one network per
 * edited weight ({@code shared: false}); those keys are accepted with these values only. The base model is the
 * job's ({@code --model}, else the file's {@code model_name}).
 *
 * @param innerParams     the edited weights: decoder MLP output projections (EasyEdit also edits {@code c_fc})
 * @param editLr          every step size's first value
 * @param lr              Adam's learning rate for the network
 * @param lrLr            Adam's learning rate for the step sizes
 * @param rank            the low-rank layers' rank
 * @param nHidden         hidden layers (1)
 * @param init            {@code id}: the network starts as the identity
 * @param norm            normalise the factors by running statistics (true)
 * @param combine         transform {@code [u; δ]} jointly (true)
 * @param shared          one network for weights of a shape (false: one per weight)
 * @param cedit           weight of the edit loss (post-edit answer NLL on the edit and its rephrasing)
 * @param cloc            weight of the locality loss (KL from the pre-edit distribution on the unrelated fact)
 * @param batchSize       edits per step, each edited alone
 * @param maxIters        optimizer steps
 * @param gradClip        gradient-norm clip
 * @param checkpointEvery (Amend) steps between checkpoints
 */
@IgnoredKeys({"alg_name", "archive", "model_class", "tokenizer_class", "tokenizer_name", "device", "model_parallel",
        "mlp_class", "act", "x_only", "delta_only", "one_sided", "n_epochs", "max_epochs", "lr_scale", "mlp_drop",
        "train_base", "no_grad_layers", "seed", "debug", "iedit", "cbase", "dropout", "final_eval", "val_batch_size",
        "accumulate_bs", "val_steps", "opt", "silent", "log_interval", "val_interval", "early_stop_patience",
        "early_stop_key", "eval_only", "half", "save", "results_dir", "model_save_pt", "alg", "max_length"})
public record MendTrainHParams(List<String> innerParams, double editLr, double lr, double lrLr,
                               int rank, int nHidden, String init, boolean norm, boolean combine, boolean shared,
                               double cedit, double cloc, int batchSize, int maxIters, double gradClip,
                               int checkpointEvery) implements HParams {

    public MendTrainHParams {
        if (innerParams == null || innerParams.isEmpty()) {
            throw new IllegalArgumentException("inner_params must name at least one MLP output projection");
        }
        innerParams = List.copyOf(innerParams);
        if (nHidden != 1 || !"id".equals(init) || !norm || !combine || shared) {
            throw new IllegalArgumentException("the MEND network offered is n_hidden: 1, init: id, norm: true,"
                    + " combine: true, shared: false; got n_hidden: " + nHidden + ", init: " + init + ", norm: " + norm
                    + ", combine: " + combine + ", shared: " + shared);
        }
        if (lr <= 0 || lrLr < 0 || editLr <= 0 || gradClip <= 0 || cedit < 0 || cloc < 0) {
            throw new IllegalArgumentException("lr, edit_lr and grad_clip must be > 0, lr_lr, cedit and cloc >= 0");
        }
        if (rank < 1 || batchSize < 1 || maxIters < 1 || checkpointEvery < 1) {
            throw new IllegalArgumentException("rank, batch_size, max_iters and checkpoint_every must be at least 1,"
                    + " got " + rank + ", " + batchSize + ", " + maxIters + " and " + checkpointEvery);
        }
    }
}
