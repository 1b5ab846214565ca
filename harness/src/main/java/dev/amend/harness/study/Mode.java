package dev.amend.harness.study;

import dev.amend.api.InvalidInputException;
import dev.amend.api.edit.EditCapability;
import java.util.Arrays;
import java.util.Locale;

/** How a cell applies its requests: EasyEdit's single, batch and sequential evaluation. */
public enum Mode {
    /** Each request alone, on the original weights. */
    SINGLE(null),
    /** {@code batch_size} requests per apply call, each call on the original weights. */
    BATCH(EditCapability.BATCH),
    /** {@code batch_size} requests per call, each call on top of the previous ones; all re-measured after each. */
    SEQUENTIAL(EditCapability.SEQUENTIAL);

    private final EditCapability needs;

    Mode(EditCapability needs) {
        this.needs = needs;
    }

    /** The capability a method must declare to run in this mode, or null. */
    public EditCapability needs() {
        return needs;
    }

    /** The name in study files and rows. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Mode parse(String value, String where) {
        for (Mode m : values()) {
            if (m.key().equals(value)) {
                return m;
            }
        }
        throw new InvalidInputException(where + ": unknown mode '" + value + "' (modes: "
                + Arrays.stream(values()).map(Mode::key).toList() + ")");
    }
}
