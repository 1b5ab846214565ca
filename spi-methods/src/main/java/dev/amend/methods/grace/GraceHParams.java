package dev.amend.methods.grace;

import dev.amend.api.HParam;
import dev.amend.api.HParams;
import dev.amend.api.IgnoredKeys;
import java.util.List;

/**
 * GRACE's hparams, in EasyEdit's keys.
 */
@IgnoredKeys({"val_reg", "reg", "num_pert", "dropout", "batch_size", "max_length"})
public record GraceHParams(
        @HParam("exactly one parameter, a decoder MLP output projection such as transformer.h[3].mlp.c_proj.weight: "
                + "its input at the prompt's last token is an edit's key, its output what a key's value replaces")
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
        @HParam("sgd, the only value offered: each value is trained by gradient steps (Adam, as EasyEdit does under "
                + "this name); EasyEdit's adv, which perturbs values while training, is not offered")
        String valTrain,
        @HParam("replace_last, the only value offered: a key's value replaces the projection's output wherever its "
                + "input lies within the key's radius (EasyEdit: at its one remembered position)")
        String replacement,
        @HParam("how a key covers a same-answer query outside its radius: coverage (the radius grows to the query) "
                + "or moving_average (the key moves half-way to the query and the radius grows)")
        String epsExpand) implements HParams {

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
        require("val_train", valTrain, List.of("sgd"));
        require("replacement", replacement, List.of("replace_last"));
        require("eps_expand", epsExpand, List.of("coverage", "moving_average"));
    }

    private static void require(String key, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException(key + " must be one of " + allowed + ", got " + value);
        }
    }
}
