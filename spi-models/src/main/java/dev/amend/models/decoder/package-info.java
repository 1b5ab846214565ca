/**
 * The decoder-only skeleton shared by GPT-2, GPT-J, GPT-NeoX and the LLaMA family: left-padded batches with masks and
 * position ids, hooks, the embedding-blocks-head pipeline, and greedy generation with a KV cache.
 */
package dev.amend.models.decoder;
