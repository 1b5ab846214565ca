package dev.amend.methods.grace;

import dev.amend.api.HParam;
import dev.amend.api.HParams;
import dev.amend.api.IgnoredKeys;
import java.util.List;

/**
 * GRACE's hparams, in EasyEdit's keys (grace/grace_hparams.py), plus three keys of Amend's whose absence means what
 * EasyEdit's grace/GRACE.py does: {@code key_positions}, {@code label_match} and {@code same_key_replaces}.
 */
@IgnoredKeys({"val_reg", "reg", "num_pert", "dropout", "batch_size", "max_length"})
public record GraceHParams(
        @HParam("exactly one parameter, a decoder MLP output projection such as transformer.h[3].mlp.c_proj.weight, "
                + "or the up projection of an MLP without a gate such as transformer.h[35].mlp.c_fc.weight (EasyEdit's "
                + "gpt2-xl): its input at the prompt's last token is an edit's key, its output what a key's value "
                + "replaces")
        List<String> innerParams,
        @HParam("Adam's learning rate for a value; > 0")
        double editLr,
        @HParam("Adam steps per edit (no early stop); ≥ 1")
        int nIter,
        @HParam("the deferral radius a new key starts with, a Euclidean distance between the projection's inputs; a "
                + "query farther than eps plus the nearest key's radius opens a new key; > 0")
        double eps,
        @HParam("euc, the only value accepted (EasyEdit computes Euclidean distances whatever it says)")
        String distFn,
        @HParam("a new value's start: cold (uniform [0, 1) entries) or warm (the projection's own output at the "
                + "key)")
        String valInit,
        @HParam("sgd or adv: each value is trained by Adam steps; EasyEdit's adv adds noise whose first row it "
                + "zeroes, and its GRACE edits one request at a time, so adv trains exactly as sgd")
        String valTrain,
        @HParam("replace_last, the only value offered: a key's value replaces the projection's output at the query's "
                + "position when the query lies within the nearest key's radius (key_positions says which positions "
                + "are queries)")
        String replacement,
        @HParam("how a key covers a same-answer query outside its radius: coverage (the radius grows to the query) "
                + "or moving_average (the key moves half-way to the query and the radius grows)")
        String epsExpand,
        @HParam(value = "which positions of an edited model's input are queries: last (the default, EasyEdit's "
                + "GRACE.generate: in each call, each row's last token of its first pass, none in the cached steps "
                + "of generation, so a prompt is matched at its last token, as EasyEdit's generation-based "
                + "evaluation of GRACE sees it) or every (Amend: every position of every pass, so that "
                + "teacher-forced metrics see the codebook)", easyEdit = HParam.AMEND_ONLY)
        String keyPositions,
        @HParam(value = "when a query within reach of the nearest key counts as the same answer: easyedit (the "
                + "default, GRACE.py label_match: the mean of the edit's label row, prompt tokens counted as -100, "
                + "equals that of the label EasyEdit files under the nearest key, a list it prepends to while the "
                + "keys are appended) or answer (Amend: the nearest entry's own answer tokens are the edit's)",
                easyEdit = HParam.AMEND_ONLY)
        String labelMatch,
        @HParam(value = "true (Amend): a prompt edited again with another answer (its key within 1e-6 of the "
                + "nearest, relative to the key's length) takes that entry over with a fresh value; false (the "
                + "default, EasyEdit): a new entry splits the distance 0, so neither entry answers the prompt",
                easyEdit = HParam.AMEND_ONLY)
        Boolean sameKeyReplaces) implements HParams {

    /** {@code key_positions}' values. */
    static final String KEYS_AT_LAST = "last";
    static final String KEYS_AT_EVERY = "every";
    /** {@code label_match}'s values. */
    static final String LABEL_EASYEDIT = "easyedit";
    static final String LABEL_ANSWER = "answer";

    public GraceHParams {
        innerParams = List.copyOf(innerParams);
        if (innerParams.size() != 1) {
            throw new IllegalArgumentException("inner_params must name exactly one MLP output projection, got "
                    + innerParams);
        }
        if (editLr <= 0 || nIter < 1 || eps <= 0) {
            throw new IllegalArgumentException("edit_lr and eps must be > 0 and n_iter at least 1, got " + editLr + ", "
                    + eps + " and " + nIter);
        }
        require("dist_fn", distFn, List.of("euc"));
        require("val_init", valInit, List.of("cold", "warm"));
        require("val_train", valTrain, List.of("sgd", "adv"));
        require("replacement", replacement, List.of("replace_last"));
        require("eps_expand", epsExpand, List.of("coverage", "moving_average"));
        keyPositions = keyPositions == null ? KEYS_AT_LAST : keyPositions;
        require("key_positions", keyPositions, List.of(KEYS_AT_LAST, KEYS_AT_EVERY));
        labelMatch = labelMatch == null ? LABEL_EASYEDIT : labelMatch;
        require("label_match", labelMatch, List.of(LABEL_EASYEDIT, LABEL_ANSWER));
        sameKeyReplaces = sameKeyReplaces != null && sameKeyReplaces;
    }

    /** Whether every position is a query ({@code key_positions: every}) rather than each call's last tokens. */
    boolean matchesEveryPosition() {
        return KEYS_AT_EVERY.equals(keyPositions);
    }

    private static void require(String key, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException(key + " must be one of " + allowed + ", got " + value);
        }
    }
}
