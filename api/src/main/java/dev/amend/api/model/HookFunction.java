package dev.amend.api.model;

import ai.djl.ndarray.NDArray;

/**
 * Code run at a {@link HookSite} during a forward pass. It returns the activation the model goes on with: the
 * argument itself to only observe, or a new array to replace it. Replacements must keep the shape. Gradients flow
 * through whatever the hook computes, so a delta with {@code setRequiresGradient(true)} added here is trainable.
 */
@FunctionalInterface
public interface HookFunction {

    /**
     * @param activation {@code [rows, paddedLength, width]}
     * @param layout     where each row's tokens are
     * @return the activation to continue with
     */
    NDArray apply(NDArray activation, BatchLayout layout);
}
