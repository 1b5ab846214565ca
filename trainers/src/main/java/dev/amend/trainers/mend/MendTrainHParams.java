package dev.amend.trainers.mend;

import dev.amend.api.HParam;
import dev.amend.api.HParams;
import dev.amend.api.IgnoredKeys;
import dev.amend.trainers.common.TrainKeyDocs;
import java.util.List;

/**
 * The MEND trainer's hparams, in EasyEdit's keys ({@code hparams/TRAINING/MEND}). The network is EasyEdit's
 * {@code IDMLP} with {@code n_hidden: 1}, {@code init: id}, {@code norm: true}, {@code combine: true}, one network per
 * edited weight ({@code shared: false}); those keys are accepted with these values only. The base model is the
 * job's ({@code --model}, else the file's {@code model_name}).
 */
@IgnoredKeys({"alg_name", "archive", "model_class", "tokenizer_class", "tokenizer_name", "device", "model_parallel",
        "mlp_class", "act", "x_only", "delta_only", "one_sided", "n_epochs", "max_epochs", "lr_scale", "mlp_drop",
        "train_base", "no_grad_layers", "seed", "debug", "iedit", "cbase", "dropout", "final_eval", "val_batch_size",
        "accumulate_bs", "val_steps", "opt", "silent", "log_interval", "val_interval", "early_stop_patience",
        "early_stop_key", "eval_only", "half", "save", "results_dir", "model_save_pt", "alg", "max_length",
        "hidden_dim", "eval_log_interval", "verbose", "max_output_length"})
public record MendTrainHParams(
        @HParam("the edited weights, at least one: decoder MLP output projections only, such as "
                + "transformer.h.3.mlp.c_proj.weight or transformer.h[3].mlp.c_proj.weight (EasyEdit's files also list "
                + "c_fc, which is rejected here)")
        List<String> innerParams,
        @HParam("the starting value of the learned step sizes (one per edited weight) that scale each update; > 0")
        double editLr,
        @HParam("Adam's learning rate for the network; > 0")
        double lr,
        @HParam("Adam's learning rate for the step sizes; ≥ 0, where 0 keeps them at edit_lr")
        double lrLr,
        @HParam("the rank of the network's low-rank layers; ≥ 1")
        int rank,
        @HParam("hidden layers of the network: 1 (the only value offered)")
        int nHidden,
        @HParam("id: the network starts as the identity (the only value offered)")
        String init,
        @HParam("normalise the gradient factors by running statistics: true (the only value offered)")
        boolean norm,
        @HParam("transform [u; δ] jointly: true (the only value offered)")
        boolean combine,
        @HParam("one network for the weights of a shape: false, one network per weight (the only value offered)")
        boolean shared,
        @HParam("weight of the edit loss (the post-edit answer's NLL on the edit prompt and its rephrasing); ≥ 0")
        double cedit,
        @HParam("weight of the locality loss (KL from the pre-edit distribution on the unrelated fact); ≥ 0")
        double cloc,
        @HParam("edits per step, each edited alone; ≥ 1")
        int batchSize,
        @HParam("optimizer steps; ≥ 1")
        int maxIters,
        @HParam("the network's gradients and the step sizes' are each clipped to this global norm before a step "
                + "(EasyEdit clips them together); > 0")
        double gradClip,
        @HParam(value = TrainKeyDocs.CHECKPOINT_EVERY, easyEdit = HParam.AMEND_ONLY)
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
