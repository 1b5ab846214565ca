package dev.amend.methods.mend;

import dev.amend.api.HParam;
import dev.amend.api.HParams;
import dev.amend.api.IgnoredKeys;

/**
 * MEND's hparams at edit time, in EasyEdit's keys: the trained network comes from {@code archive}, a directory written
 * by {@code amend train --trainer mend} (which records the weights it edits). EasyEdit's MEND files also carry the
 * training keys; they are accepted and reported as ignored here.
 */
@IgnoredKeys({"model_class", "tokenizer_class", "tokenizer_name", "inner_params", "model_parallel", "device",
        "mlp_class", "shared", "n_hidden", "hidden_dim", "init", "norm", "combine", "x_only", "delta_only", "act",
        "rank", "mlp_drop", "train_base", "no_grad_layers", "one_sided", "n_epochs", "max_epochs", "max_iters",
        "batch_size", "lr", "edit_lr", "lr_lr", "lr_scale", "seed", "debug", "cedit", "iedit", "cloc", "cbase",
        "dropout", "final_eval", "val_batch_size", "accumulate_bs", "val_steps", "opt", "grad_clip", "silent",
        "log_interval", "val_interval", "early_stop_patience", "early_stop_key", "eval_only", "half", "save",
        "results_dir", "model_save_pt", "alg", "max_length"})
public record MendHParams(
        @HParam("the directory written by amend train --trainer mend: mend.json (the base model's fingerprint and "
                + "edited weights) and mend.safetensors (the trained network)")
        String archive) implements HParams {

    public MendHParams {
        if (archive == null || archive.isBlank()) {
            throw new IllegalArgumentException("archive must name a directory made by 'amend train --trainer mend'");
        }
    }
}
