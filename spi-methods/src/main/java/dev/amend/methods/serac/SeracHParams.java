package dev.amend.methods.serac;

import dev.amend.api.HParam;
import dev.amend.api.HParams;
import dev.amend.api.IgnoredKeys;

/**
 * SERAC's hparams at edit time, in EasyEdit's keys: the trained parts come from {@code archive}, a directory written by
 * {@code amend train --trainer serac}. EasyEdit's SERAC files also carry the training keys; they are accepted and
 * reported as ignored here (the archive records what they were).
 */
@IgnoredKeys({"model_class", "tokenizer_class", "tokenizer_name", "inner_params", "model_parallel", "device",
        "cls_name", "cls_class", "small_name", "small_class", "cross_attend", "cos", "square", "soft_weighting",
        "checkpoint_grad", "dropout", "train_base", "no_grad_layers", "batch_size", "lr", "edit_lr", "lr_lr", "seed",
        "debug", "cedit", "iedit", "cloc", "cbase", "final_eval", "val_batch_size", "accumulate_bs", "val_steps",
        "opt", "grad_clip", "silent", "log_interval", "val_interval", "early_stop_patience", "early_stop_key",
        "eval_only", "half", "save", "max_epochs", "max_iters", "results_dir", "freeze", "max_length",
        "model_save_pt"})
public record SeracHParams(
        @HParam("the directory written by amend train --trainer serac: classifier/ (the scope classifier), "
                + "replacement/ (the counterfactual model) and serac.json")
        String archive) implements HParams {

    public SeracHParams {
        if (archive == null || archive.isBlank()) {
            throw new IllegalArgumentException("archive must name a directory made by 'amend train --trainer serac'");
        }
    }
}
