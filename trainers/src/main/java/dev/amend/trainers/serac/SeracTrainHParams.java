package dev.amend.trainers.serac;

import dev.amend.api.HParam;
import dev.amend.api.HParams;
import dev.amend.api.IgnoredKeys;
import dev.amend.trainers.common.TrainKeyDocs;

/**
 * The SERAC trainer's hparams, in EasyEdit's keys ({@code hparams/TRAINING/SERAC}); its defaults are EasyEdit's
 * ({@code presets/default.yaml}), so that an EasyEdit file (training or editing) loads as is. Ignored keys: the run's
 * seed is {@code amend train --seed}; EasyEdit's logging, validation and saving intervals, its loss weights
 * ({@code cedit}, {@code cloc}, {@code cbase}: the two models are trained apart here, each on its own loss) and its
 * options that Amend does not offer ({@code supervised}, {@code soft_weighting}: how the edited model combines the two
 * models is the edit's hparams; {@code freeze}, {@code lora}, {@code dist_heads}, {@code bound_embeds}, ...).
 */
@IgnoredKeys({"alg_name", "archive", "model_name", "model_class", "tokenizer_class", "tokenizer_name", "cls_class",
        "small_class", "device", "results_dir", "log_interval", "val_interval", "val_steps", "val_batch_size",
        "early_stop_patience", "early_stop_key", "eval_only", "debug", "save", "silent", "model_parallel",
        "inner_params", "alg", "edit_lr", "lr_lr", "cedit", "cloc", "cbase", "dropout", "final_eval", "supervised",
        "train_base", "no_grad_layers", "soft_weighting", "checkpoint_grad", "freeze", "bound_embeds",
        "use_all_negatives", "freeze_cntr", "dist_heads", "lora", "model_save_pt", "edit_bs", "log_errors",
        "unlikelihood", "accumulate_bs", "opt", "half", "seed", "eval_log_interval", "verbose"})
public record SeracTrainHParams(
        @HParam("the model directory the scope classifier's encoder starts from (EasyEdit: DistilBERT): any "
                + "decoder-only model Amend loads, which reads texts with its own tokenizer")
        String clsName,
        @HParam("the model directory the counterfactual model starts from (EasyEdit: GPT-2 small); it must share "
                + "the edited model's vocabulary (checked when the archive is used)")
        String smallName,
        @HParam("false: a dual encoder (the cross-encoder is not offered)")
        boolean crossAttend,
        @HParam("compare embeddings by 1 − cosine similarity rather than by Euclidean distance")
        boolean cos,
        @HParam("square the Euclidean distance (EasyEdit's files set true); ignored when cos is true")
        boolean square,
        @HParam("AdamW's learning rate (constant), for both models; > 0")
        double lr,
        @HParam("edits per step, for each model; the classifier takes the batch's other edits as each edit's "
                + "negatives too (with 1, EasyEdit's edit files' value, only each edit's unrelated fact); ≥ 1")
        int batchSize,
        @HParam("optimizer steps, for each of the two models; ≥ 1")
        int maxIters,
        @HParam("each model's gradients are clipped to this global norm before a step; > 0")
        double gradClip,
        @HParam(value = TrainKeyDocs.CHECKPOINT_EVERY, easyEdit = HParam.AMEND_ONLY)
        int checkpointEvery,
        @HParam(value = "the data set's last records, held out of training to measure both models on; ≥ 0",
                easyEdit = HParam.AMEND_ONLY)
        int valRecords,
        @HParam(value = "how the counterfactual model reads an edit before an input, with {prompt} and {target}; "
                + "null for EasyEdit's \"{prompt} {target}\". Recorded in the archive", easyEdit = HParam.AMEND_ONLY)
        String editTemplate,
        @HParam(value = "what every prompt of the data starts with (the toy world's \". \"), left out of {prompt}; "
                + "null for EasyEdit's \"\". Recorded in the archive", easyEdit = HParam.AMEND_ONLY)
        String promptPrefix) implements HParams {

    /** EasyEdit's form: the edit's prompt and target, then the input. */
    public static final String EASYEDIT_TEMPLATE = "{prompt} {target}";

    public SeracTrainHParams {
        editTemplate = editTemplate == null ? EASYEDIT_TEMPLATE : editTemplate;
        promptPrefix = promptPrefix == null ? "" : promptPrefix;
        if (!editTemplate.contains("{prompt}") || !editTemplate.contains("{target}")) {
            throw new IllegalArgumentException("edit_template must contain {prompt} and {target}, got " + editTemplate);
        }
        if (clsName == null || clsName.isBlank() || smallName == null || smallName.isBlank()) {
            throw new IllegalArgumentException("cls_name and small_name must name model directories (the classifier's"
                    + " encoder and the counterfactual model), got " + clsName + " and " + smallName);
        }
        if (crossAttend) {
            throw new IllegalArgumentException("cross_attend must be false (the cross-encoder classifier is not offered)");
        }
        if (lr <= 0 || gradClip <= 0) {
            throw new IllegalArgumentException("lr and grad_clip must be > 0, got " + lr + " and " + gradClip);
        }
        if (batchSize < 1 || maxIters < 1 || checkpointEvery < 1 || valRecords < 0) {
            throw new IllegalArgumentException("batch_size, max_iters and checkpoint_every must be at least 1"
                    + " and val_records at least 0, got " + batchSize + ", " + maxIters + ", " + checkpointEvery
                    + " and " + valRecords);
        }
    }
}
