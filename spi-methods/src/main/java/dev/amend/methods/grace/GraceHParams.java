package dev.amend.methods.grace;

import dev.amend.api.HParams;
import dev.amend.api.IgnoredKeys;
import java.util.List;

/**
 * GRACE's hparams, in EasyEdit's keys.
 *
 * @param innerParams the one MLP output projection whose input is the key and whose output is replaced, such as
 *                    {@code transformer.h[3].mlp.c_proj.weight}
 * @param editLr      Adam's learning rate for a value
 * @param nIter       optimisation steps per edit
 * @param eps         the deferral radius a new key starts with (Euclidean distance between layer inputs)
 * @param distFn      {@code euc} (the only distance EasyEdit computes)
 * @param valInit     {@code cold} (uniform [0, 1) values) or {@code warm} (the layer's own output at the key)
 * @param valTrain    {@code sgd}: values trained by gradient descent (EasyEdit's {@code adv} is not offered)
 * @param replacement {@code replace_last}: the value replaces the layer output at the position whose input matched
 * @param epsExpand   how a key covers a same-answer query outside its radius: {@code coverage} (radius grows to the
 *                    query) or {@code moving_average} (the key moves half-way to the query, the radius grows)
 */
@IgnoredKeys({"val_reg", "reg", "num_pert", "dropout", "batch_size", "max_length"})
public record GraceHParams(List<String> innerParams, double editLr, int nIter, double eps, String distFn,
                           String valInit, String valTrain, String replacement, String epsExpand) implements HParams {

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
