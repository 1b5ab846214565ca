/**
 * LoRA and AdaLoRA as EasyEdit runs them through peft: adapters on the target modules (attention or MLP projections),
 * trained on the edits and applied as low-rank weight deltas; a sequence of edits keeps training one adapter.
 */
package dev.amend.methods.lora;
