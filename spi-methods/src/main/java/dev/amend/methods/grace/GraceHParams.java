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
        @HParam("the one MLP output projection whose input is the key and whose output is replaced, such as "
                + "transformer.h[3].mlp.c_proj.weight")
        List<String> innerParams,
        @HParam("Adam's learning rate for a value; > 0")
        double editLr,
        @HParam("optimisation steps per edit; ≥ 1")
        int nIter,
        @HParam("the deferral radius a new key starts with (Euclidean distance between layer inputs); > 0")
        double eps,
        @HParam("euc (the only distance EasyEdit computes)")
        String distFn,
        @HParam("cold (uniform [0, 1) values) or warm (the layer's own output at the key)")
        String valInit,
        @HParam("sgd: values trained by gradient descent (EasyEdit's adv is not offered)")
        String valTrain,
        @HParam("replace_last: the value replaces the layer output at the position whose input matched")
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
