package dev.amend.api.model;

import ai.djl.Device;
import java.util.Objects;

/**
 * How to load a model.
 *
 * @param device where the weights go (CPU by default; a GPU where the engine has one)
 */
public record LoadOptions(Device device) {

    /**
     * Checks that the device is given.
     *
     * @param device where the weights go (CPU by default; a GPU where the engine has one)
     */
    public LoadOptions {
        Objects.requireNonNull(device, "device");
    }

    /** {@return CPU} */
    public static LoadOptions cpu() {
        return new LoadOptions(Device.cpu());
    }
}
