package dev.amend.methods.mend;

import dev.amend.api.HParam;
import dev.amend.api.HParams;
import dev.amend.api.IgnoredKeys;

/**
 * MEND's hparams at edit time, in EasyEdit's keys: the trained network comes from {@code archive}, a directory written
 * by {@code amend train --trainer mend} (which records the weights it edits, its network and step sizes). EasyEdit's
 * MEND files also carry the training keys ({@code amend train --trainer mend} reads them from the same file); here they
 * are accepted and reported as ignored, the archive holding what they made. {@code lr_scale} has no effect in EasyEdit
 * either ({@code models/mend/mend_main.py} copies the edited weights; the code that scaled the update by it is
 * commented out); {@code eval_log_interval}, {@code verbose} and {@code max_output_length} are logging and generation
 * settings of EasyEdit's trainer and evaluation.
 */
@IgnoredKeys({"model_class", "tokenizer_class", "tokenizer_name", "inner_params", "model_parallel", "device",
        "mlp_class", "shared", "n_hidden", "hidden_dim", "init", "norm", "combine", "x_only", "delta_only", "act",
        "rank", "mlp_drop", "train_base", "no_grad_layers", "one_sided", "n_epochs", "max_epochs", "max_iters",
        "batch_size", "lr", "edit_lr", "lr_lr", "lr_scale", "seed", "debug", "cedit", "iedit", "cloc", "cbase",
        "dropout", "final_eval", "val_batch_size", "accumulate_bs", "val_steps", "opt", "grad_clip", "silent",
        "log_interval", "val_interval", "early_stop_patience", "early_stop_key", "eval_only", "half", "save",
        "results_dir", "model_save_pt", "alg", "max_length", "eval_log_interval", "verbose", "max_output_length"})
public record MendHParams(
        @HParam("the directory written by amend train --trainer mend: mend.json (the base model's fingerprint and "
                + "edited weights) and mend.safetensors (the trained network)")
        String archive,
        @HParam(value = "the loss whose gradient the network transforms: easyedit (EasyEdit's models/mend/mend_main.py,"
                + " the default): the tokens of \" \" + target encoded alone, special tokens included, scored at the "
                + "last positions of prompt + \" \" + target, one mean over all the edits' labels (on a LLaMA tokenizer"
                + " the labels then hold <s> and a lone ▁); answer: each edit's answer tokens within prompt + \" \" + "
                + "target, each edit's mean, summed (the trainer's loss)", easyEdit = HParam.AMEND_ONLY)
        String editLabels) implements HParams {

    /** EasyEdit's labels. */
    public static final String EASYEDIT = "easyedit";
    /** The answer's tokens, as the trainer scores them. */
    public static final String ANSWER = "answer";

    public MendHParams {
        if (archive == null || archive.isBlank()) {
            throw new IllegalArgumentException("archive must name a directory made by 'amend train --trainer mend'");
        }
        editLabels = editLabels == null ? EASYEDIT : editLabels;
        if (!editLabels.equals(EASYEDIT) && !editLabels.equals(ANSWER)) {
            throw new IllegalArgumentException("edit_labels must be easyedit or answer, got " + editLabels);
        }
    }

    /** An archive's hparams with EasyEdit's labels. */
    public MendHParams(String archive) {
        this(archive, null);
    }
}
