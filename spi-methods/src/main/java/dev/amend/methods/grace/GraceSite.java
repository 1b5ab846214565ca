package dev.amend.methods.grace;

import ai.djl.ndarray.NDArray;
import dev.amend.api.InvalidInputException;
import dev.amend.api.model.HookPoint;
import dev.amend.api.model.HookSite;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.Stack;
import dev.amend.api.model.WeightKind;
import dev.amend.api.model.WeightSite;
import dev.amend.methods.wise.MlpActivation;
import java.util.function.UnaryOperator;

/**
 * Where GRACE acts, as EasyEdit's GRACEAdapter wraps the layer {@code inner_params} names: its input is the key, its
 * output what a value replaces. At an MLP output projection that is the MLP key ({@link HookPoint#MLP_KEY}) and the MLP
 * output; at an ungated MLP's up projection (EasyEdit's gpt2-xl.yaml: {@code transformer.h[35].mlp.c_fc}) it is the
 * MLP input and the pre-activation, which no hook point shows: a value v there makes the MLP key {@code act(v)}, so
 * the view replaces the MLP key with {@code act(v)}.
 *
 * @param weight the projection
 * @param act    null at an output projection; the model's MLP activation at an up projection
 */
record GraceSite(WeightSite weight, UnaryOperator<NDArray> act) {

    /**
     * {@return the site of {@code innerParam}}
     *
     * @throws InvalidInputException when it names neither a decoder MLP output projection nor an ungated up projection
     */
    static GraceSite of(LanguageModel model, String innerParam) {
        WeightSite site = model.weights().resolveParameter(innerParam);
        boolean decoder = site.stack() == Stack.DECODER;
        if (decoder && site.kind() == WeightKind.MLP_OUT_PROJ) {
            return new GraceSite(site, null);
        }
        if (decoder && site.kind() == WeightKind.MLP_IN_PROJ && !model.weights().sites()
                .contains(new WeightSite(Stack.DECODER, site.layer(), WeightKind.MLP_GATE_PROJ))) {
            return new GraceSite(site, MlpActivation.of(model, site.layer()));
        }
        throw new InvalidInputException("inner_params " + innerParam + " is " + site + ": GRACE acts at a decoder MLP's"
                + " output projection (such as transformer.h[3].mlp.c_proj.weight) or at the up projection of an MLP"
                + " without a gate (such as transformer.h[35].mlp.c_fc.weight)");
    }

    int layer() {
        return weight.layer();
    }

    /** Whether the site is an up projection, whose values go through the activation. */
    boolean upProjection() {
        return act != null;
    }

    /** The hook point whose activation is the key. */
    HookSite keySite() {
        return HookSite.decoder(layer(), upProjection() ? HookPoint.MLP_IN : HookPoint.MLP_KEY);
    }

    /** The hook point whose activation a value replaces (through {@link #act} at an up projection). */
    HookSite outSite() {
        return HookSite.decoder(layer(), upProjection() ? HookPoint.MLP_KEY : HookPoint.MLP_OUT);
    }

    /** What a value puts at {@link #outSite}: itself, or its activation at an up projection. */
    NDArray shown(NDArray value) {
        return upProjection() ? act.apply(value) : value;
    }
}
