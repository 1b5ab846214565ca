package dev.amend.methods.ft;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * EasyEdit's {@code norm_constraint}: an L∞ bound on each weight's change (FT-L), or {@code false} for none.
 *
 * @param bound the bound, or 0 for none
 */
public record NormConstraint(double bound) {

    /** No bound. */
    public static final NormConstraint NONE = new NormConstraint(0);

    public NormConstraint {
        if (bound < 0 || Double.isNaN(bound)) {
            throw new IllegalArgumentException("norm_constraint must be a number >= 0 or false, got " + bound);
        }
    }

    /** Reads {@code false}, {@code null} or a number. */
    @JsonCreator
    public static NormConstraint of(Object value) {
        if (value == null || Boolean.FALSE.equals(value)) {
            return NONE;
        }
        if (value instanceof Number n) {
            return new NormConstraint(n.doubleValue());
        }
        throw new IllegalArgumentException("norm_constraint must be a number or false, got " + value);
    }

    public boolean bounded() {
        return bound > 0;
    }

    @JsonValue
    Object json() {
        return bounded() ? (Object) bound : Boolean.FALSE;
    }
}
