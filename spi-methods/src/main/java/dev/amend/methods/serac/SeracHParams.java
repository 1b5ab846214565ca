package dev.amend.methods.serac;

import dev.amend.api.HParam;
import dev.amend.api.HParams;
import dev.amend.api.IgnoredKeys;

/**
 * SERAC's hparams at edit time, in EasyEdit's keys: the trained parts come from {@code archive}, a directory written by
 * {@code amend train --trainer serac}; {@code supervised} and {@code soft_weighting} say how the base and counterfactual
 * models' outputs are combined, as in EasyEdit's {@code SERAC.forward} ({@code trainer/algs/SERAC.py}): soft (EasyEdit's
 * files: {@code supervised: false}) unless {@code supervised: true} and {@code soft_weighting: false}. EasyEdit's SERAC
 * files also carry the training keys ({@code amend train --trainer serac} reads them from the same file); here they
 * are accepted and reported as ignored: the archive records what they were. {@code lora}, {@code freeze},
 * {@code freeze_cntr}, {@code use_all_negatives}, {@code unlikelihood}, {@code log_errors}, {@code edit_bs},
 * {@code bound_embeds} and {@code dist_heads} have no effect in Amend (EasyEdit's files set them off, 1 head).
 */
@IgnoredKeys({"model_class", "tokenizer_class", "tokenizer_name", "inner_params", "model_parallel", "device",
        "cls_name", "cls_class", "small_name", "small_class", "cross_attend", "cos", "square",
        "checkpoint_grad", "dropout", "train_base", "no_grad_layers", "batch_size", "lr", "edit_lr", "lr_lr", "seed",
        "debug", "cedit", "iedit", "cloc", "cbase", "final_eval", "val_batch_size", "accumulate_bs", "val_steps",
        "opt", "grad_clip", "silent", "log_interval", "val_interval", "early_stop_patience", "early_stop_key",
        "eval_only", "half", "save", "max_epochs", "max_iters", "results_dir", "freeze", "max_length",
        "model_save_pt", "bound_embeds", "use_all_negatives", "freeze_cntr", "dist_heads", "lora", "edit_bs",
        "log_errors", "unlikelihood", "eval_log_interval", "verbose", "alg"})
public record SeracHParams(
        @HParam("the directory written by amend train --trainer serac: classifier/ (the scope classifier), "
                + "replacement/ (the counterfactual model) and serac.json")
        String archive,
        @HParam("EasyEdit's key: with soft_weighting false, true routes each row to one model (the counterfactual "
                + "model where the nearest edit's coverage exceeds 0.5, else the base), false (EasyEdit's files; "
                + "null means false) mixes the two models' probabilities by the coverage")
        Boolean supervised,
        @HParam("EasyEdit's key: true mixes the two models' probabilities whatever supervised says; null means false")
        Boolean softWeighting) implements HParams {

    public SeracHParams {
        if (archive == null || archive.isBlank()) {
            throw new IllegalArgumentException("archive must name a directory made by 'amend train --trainer serac'");
        }
        supervised = supervised != null && supervised;
        softWeighting = softWeighting != null && softWeighting;
    }

    /** An archive's hparams with EasyEdit's combination (soft). */
    public SeracHParams(String archive) {
        this(archive, null, null);
    }

    /**
     * {@return whether outputs are mixed, EasyEdit's {@code soft = (not supervised) or soft_weighting}}
     */
    public boolean soft() {
        return !supervised || softWeighting;
    }
}
