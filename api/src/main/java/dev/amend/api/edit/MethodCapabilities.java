package dev.amend.api.edit;

import dev.amend.api.model.Architecture;
import dev.amend.api.model.ModelSpec;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a method declares about itself.
 *
 * @param features      what it can do and needs
 * @param architectures the model shapes it can edit
 */
public record MethodCapabilities(Set<EditCapability> features, Set<Architecture> architectures) {

    /**
     * Copies the sets, and checks that at least one architecture is supported and exactly one of
     * {@link EditCapability#WEIGHT_DELTA} and {@link EditCapability#RUNTIME_ONLY} is declared.
     *
     * @param features what it can do and needs
     * @param architectures the model shapes it can edit
     */
    public MethodCapabilities {
        features = Set.copyOf(features);
        architectures = Set.copyOf(architectures);
        if (architectures.isEmpty()) {
            throw new IllegalArgumentException("a method must support at least one architecture");
        }
        if (features.contains(EditCapability.WEIGHT_DELTA) && features.contains(EditCapability.RUNTIME_ONLY)) {
            throw new IllegalArgumentException("WEIGHT_DELTA and RUNTIME_ONLY exclude each other");
        }
        if (!features.contains(EditCapability.WEIGHT_DELTA) && !features.contains(EditCapability.RUNTIME_ONLY)) {
            throw new IllegalArgumentException("a method must declare either WEIGHT_DELTA or RUNTIME_ONLY");
        }
    }

    /**
     * {@return capabilities for methods that edit any architecture}
     *
     * @param first a capability
     * @param rest more capabilities
     */
    public static MethodCapabilities of(EditCapability first, EditCapability... rest) {
        return new MethodCapabilities(EnumSet.of(first, rest), EnumSet.allOf(Architecture.class));
    }

    /**
     * {@return the same features, for the given architectures only}
     *
     * @param first an architecture the method supports
     * @param rest more architectures
     */
    public MethodCapabilities onlyFor(Architecture first, Architecture... rest) {
        return new MethodCapabilities(features, EnumSet.of(first, rest));
    }

    /**
     * {@return whether the method has {@code capability}}
     * @param capability a capability
     */
    public boolean has(EditCapability capability) {
        return features.contains(capability);
    }

    /**
     * {@return whether this method can edit a model of {@code spec}'s architecture}
     *
     * @param spec the model to edit
     */
    public boolean supports(ModelSpec spec) {
        return architectures.contains(spec.architecture());
    }
}
