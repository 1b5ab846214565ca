/**
 * Operations the model families share, written once: norms, activations, masks, attention (with grouped-query
 * heads), rotary position embeddings. Every scalar that meets a tensor is an array in the pass's manager, never a
 * Java number, so that gradients through these operations are safe (docs/engineering-notes.md, "DJL 0.36 / PyTorch 2.7.1": scalar operands freed before backward).
 */
package dev.amend.models.nn;
