package dev.amend.api.model;

import java.util.Locale;
import java.util.Objects;

/**
 * One place in a model's forward pass where an activation can be observed or replaced.
 *
 * @param stack the stack the block is in
 * @param layer the block index, from 0
 * @param point the point inside the block
 */
public record HookSite(Stack stack, int layer, HookPoint point) {

    /**
     * Checks that stack and point are given and the layer is not negative.
     *
     * @param stack the stack the block is in
     * @param layer the block index, from 0
     * @param point the point inside the block
     */
    public HookSite {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(point, "point");
        if (layer < 0) {
            throw new IllegalArgumentException("layer must be >= 0, got " + layer);
        }
    }

    /**
     * {@return a site in a decoder block}
     *
     * @param layer the layer, from 0
     * @param point which activation of the layer
     */
    public static HookSite decoder(int layer, HookPoint point) {
        return new HookSite(Stack.DECODER, layer, point);
    }

    /**
     * {@return a site in an encoder block}
     *
     * @param layer the layer, from 0
     * @param point which activation of the layer
     */
    public static HookSite encoder(int layer, HookPoint point) {
        return new HookSite(Stack.ENCODER, layer, point);
    }

    /**
     * {@return every canonical site of a model of {@code spec}'s shape: all points of every block, cross-attention only
     * in the decoder blocks of encoder-decoder models}
     *
     * @param spec the model
     */
    public static java.util.Set<HookSite> standardSites(ModelSpec spec) {
        java.util.Set<HookSite> sites = new java.util.LinkedHashSet<>();
        for (int layer = 0; layer < spec.numEncoderLayers(); layer++) {
            for (HookPoint point : HookPoint.values()) {
                if (point != HookPoint.CROSS_ATTN_OUT) {
                    sites.add(encoder(layer, point));
                }
            }
        }
        boolean crossAttention = spec.architecture() == Architecture.ENCODER_DECODER;
        for (int layer = 0; layer < spec.numLayers(); layer++) {
            for (HookPoint point : HookPoint.values()) {
                if (point != HookPoint.CROSS_ATTN_OUT || crossAttention) {
                    sites.add(decoder(layer, point));
                }
            }
        }
        return java.util.Collections.unmodifiableSet(sites);
    }

    /** For example {@code decoder.3.mlp_key}. */
    @Override
    public String toString() {
        return stack.name().toLowerCase(Locale.ROOT) + "." + layer + "." + point.name().toLowerCase(Locale.ROOT);
    }
}
