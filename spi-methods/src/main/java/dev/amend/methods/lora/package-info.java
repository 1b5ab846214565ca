/** LoRA: low-rank adapters on MLP output projections, trained on the edits and applied as a rank-r weight delta. */
package dev.amend.methods.lora;
