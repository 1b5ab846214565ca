package dev.amend.api.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.amend.api.InvalidInputException;
import java.util.List;
import java.util.Set;

/**
 * A model's weights seen through canonical {@link WeightSite}s, every matrix {@code out × in}. Writes go into the
 * live model: the next forward pass sees them. All writes must go through this view so that
 * {@link #fingerprint()} stays true.
 */
public interface Weights {

    /** {@return the editable matrices of this model} */
    Set<WeightSite> sites();

    /**
     * {@return the canonical shape {@code [out, in]} of a site}
     *
     * @param site the weight site
     */
    Shape shape(WeightSite site);

    /**
     * {@return a float32 copy of the matrix at {@code site}, {@code out × in}, attached to {@code manager}}
     *
     * @param site the weight site
     * @param manager where the returned arrays live (the caller closes it)
     */
    NDArray get(WeightSite site, NDManager manager);

    /**
     * Overwrites the matrix at {@code site} with {@code value} ({@code out × in}), in place.
     *
     * @param site the weight site
     * @param value the new matrix, {@code out × in}
     */
    void set(WeightSite site, NDArray value);

    /**
     * Adds {@code delta} ({@code out × in}) to the matrix at {@code site}, in place: {@code W ← W + Δ}.
     *
     * @param site the weight site
     * @param delta the change, {@code out × in}
     */
    void add(WeightSite site, NDArray delta);

    /**
     * {@return the stored parameter (HuggingFace name, such as {@code transformer.h.3.mlp.c_proj.weight}) behind a
     * site}
     *
     * @param site the weight site
     */
    String parameterOf(WeightSite site);

    /** {@return every stored parameter name, in a stable order} */
    List<String> parameterNames();

    /**
     * {@return a copy of a stored parameter as the model holds it (stored layout, in-memory dtype), attached to {@code
     * manager}: what writing the model back to a checkpoint needs}
     *
     * @param name the stored tensor's name
     * @param manager where the returned arrays live (the caller closes it)
     * @throws IllegalArgumentException when the model has no such parameter
     */
    NDArray parameter(String name, NDManager manager);

    /**
     * {@return the live parameter arrays by stored name, for trainers that compute gradients for them and update them
     * in place} Writes made this way bypass the sites, so from then on {@link #fingerprint()} is recomputed in full.
     */
    java.util.Map<String, NDArray> trainableParameters();

    /**
     * {@return a digest of every stored parameter (names, shapes, dtypes and bytes): equal fingerprints mean
     * bit-identical weights} Used to check that a saved edit is re-applied to the model it was made on, and that
     * restoring weights really restored them.
     */
    String fingerprint();

    /**
     * {@return the site named by an EasyEdit module template such as {@code transformer.h.{}.mlp.c_proj} at
     * {@code layer}}
     *
     * @param template EasyEdit's module template, such as {@code transformer.h.{}.mlp.c_proj}
     * @param layer the layer, from 0
     * @throws InvalidInputException when the module is not a weight of this model, or holds several sites
     */
    WeightSite resolveModule(String template, int layer);

    /**
     * {@return the site named by an EasyEdit parameter name ({@code inner_params}) such as
     * {@code transformer.h.3.mlp.c_proj.weight} or {@code model.layers[27].mlp.down_proj.weight}}
     *
     * @param name a parameter name, such as {@code transformer.h[3].mlp.c_proj.weight}
     * @throws InvalidInputException when the module is not a weight of this model, or holds several sites
     */
    WeightSite resolveParameter(String name);
}
