package dev.amend.api.model;

import java.util.Locale;
import java.util.Objects;

/**
 * One weight matrix, named canonically.
 *
 * @param stack the stack (for {@link WeightKind#EMBED} and {@link WeightKind#LM_HEAD}: the stack they feed)
 * @param layer the block index, or {@link #MODEL_LEVEL} for kinds that are not per layer
 * @param kind  which matrix
 */
public record WeightSite(Stack stack, int layer, WeightKind kind) {

    /** The layer value of sites that belong to the whole model. */
    public static final int MODEL_LEVEL = -1;

    /**
     * Checks that the layer fits the kind: {@link #MODEL_LEVEL} for embedding and head, from 0 for the others.
     *
     * @param stack the stack (for {@link WeightKind#EMBED} and {@link WeightKind#LM_HEAD}: the stack they feed)
     * @param layer the block index, or {@link #MODEL_LEVEL} for kinds that are not per layer
     * @param kind which matrix
     */
    public WeightSite {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(kind, "kind");
        if (kind.perLayer() ? layer < 0 : layer != MODEL_LEVEL) {
            throw new IllegalArgumentException(kind + (kind.perLayer()
                    ? " needs a layer >= 0, got " + layer
                    : " is model-level: layer must be MODEL_LEVEL (-1), got " + layer));
        }
    }

    /**
     * {@return a per-layer matrix of a decoder block}
     *
     * @param layer the layer, from 0
     * @param kind which weight of the layer
     */
    public static WeightSite decoder(int layer, WeightKind kind) {
        return new WeightSite(Stack.DECODER, layer, kind);
    }

    /**
     * {@return a model-level matrix ({@link WeightKind#EMBED}, {@link WeightKind#LM_HEAD}) of the decoder}
     *
     * @param kind which weight of the layer
     */
    public static WeightSite decoder(WeightKind kind) {
        return new WeightSite(Stack.DECODER, MODEL_LEVEL, kind);
    }

    /** For example {@code decoder.3.mlp_out_proj} or {@code decoder.lm_head}. */
    @Override
    public String toString() {
        String k = kind.name().toLowerCase(Locale.ROOT);
        String s = stack.name().toLowerCase(Locale.ROOT);
        return layer == MODEL_LEVEL ? s + "." + k : s + "." + layer + "." + k;
    }

    /**
     * {@return the site that {@link #toString()} wrote as {@code text}}
     *
     * @param text a site as {@link #toString()} writes it
     */
    public static WeightSite parse(String text) {
        String[] parts = text.split("\\.");
        try {
            Stack stack = Stack.valueOf(parts[0].toUpperCase(Locale.ROOT));
            if (parts.length == 2) {
                return new WeightSite(stack, MODEL_LEVEL, WeightKind.valueOf(parts[1].toUpperCase(Locale.ROOT)));
            }
            if (parts.length == 3) {
                return new WeightSite(stack, Integer.parseInt(parts[1]),
                        WeightKind.valueOf(parts[2].toUpperCase(Locale.ROOT)));
            }
        } catch (IllegalArgumentException e) {
            // fall through to the uniform message
        }
        throw new IllegalArgumentException("not a weight site: '" + text
                + "' (expected stack.layer.kind such as decoder.3.mlp_out_proj, or stack.kind such as decoder.lm_head)");
    }
}
