/**
 * A tiny but real transformer language model in DJL, for contract tests: word-level tokenizer, learned positions,
 * pre-norm blocks (RMSNorm, multi-head causal attention, GELU MLP), all hook and weight sites. Random seeded weights,
 * or hand-set weights that make it a bigram table with known predictions. Saved as its own directory format
 * ({@code model_type: amend-tiny}) and loaded by the {@code tiny} model adapter.
 */
package dev.amend.testkit.tiny;
