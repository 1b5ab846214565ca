package dev.amend.trainers.serac;

import dev.amend.api.HParams;
import dev.amend.api.IgnoredKeys;

/**
 * The SERAC trainer's hparams, in EasyEdit's keys ({@code hparams/TRAINING/SERAC}).
 *
 * @param clsName         the model directory the scope classifier's encoder starts from (EasyEdit: DistilBERT)
 * @param smallName       the model directory the counterfactual model starts from (EasyEdit: GPT-2 small)
 * @param crossAttend     {@code false}: a dual encoder (the cross-encoder is not offered)
 * @param cos             compare embeddings by cosine rather than by distance
 * @param square          square the Euclidean distance (EasyEdit's default)
 * @param lr              AdamW's learning rate (constant), for both models
 * @param batchSize       edits per step; the other edits of a batch are each edit's negatives too
 * @param maxIters        optimizer steps, for each model
 * @param gradClip        global gradient-norm clip
 * @param checkpointEvery (Amend) steps between checkpoints (a killed run resumes from the last one)
 * @param valRecords      (Amend) the data set's last records, held out of training to measure both models on
 * @param editTemplate    (Amend) how the counterfactual model reads an edit before an input ({@code {prompt}},
 *                        {@code {target}}); EasyEdit's {@code "{prompt} {target}"}. Recorded in the archive
 * @param promptPrefix    (Amend) what every prompt of the data starts with (the toy world's {@code ". "}), left out of
 *                        {@code {prompt}}; EasyEdit's {@code ""}. Recorded in the archive
 */
@IgnoredKeys({"alg_name", "archive", "model_name", "model_class", "tokenizer_class", "tokenizer_name", "cls_class",
        "small_class", "device", "results_dir", "log_interval", "val_interval", "val_steps", "val_batch_size",
        "early_stop_patience", "early_stop_key", "eval_only", "debug", "save", "silent", "model_parallel"})
public record SeracTrainHParams(String clsName, String smallName, boolean crossAttend, boolean cos, boolean square,
                                double lr, int batchSize, int maxIters, double gradClip, int checkpointEvery,
                                int valRecords, String editTemplate, String promptPrefix) implements HParams {

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
        if (batchSize < 2 || maxIters < 1 || checkpointEvery < 1 || valRecords < 0) {
            throw new IllegalArgumentException("batch_size must be at least 2, max_iters and checkpoint_every at least 1"
                    + " and val_records at least 0, got " + batchSize + ", " + maxIters + ", " + checkpointEvery
                    + " and " + valRecords);
        }
    }
}
