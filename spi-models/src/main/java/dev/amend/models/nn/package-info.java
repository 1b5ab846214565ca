/**
 * Operations the model families share, written once: norms, activations, masks, attention (with grouped-query
 * heads), rotary position embeddings. Every scalar that meets a tensor is an array in the pass's manager, never a
 * Java number, so that gradients through these operations are safe (DESIGN §10's autograd trap).
 */
package dev.amend.models.nn;
