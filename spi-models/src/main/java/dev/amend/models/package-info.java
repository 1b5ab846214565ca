/**
 * Model adapters for HuggingFace model directories: GPT-2 ({@code gpt2}), GPT-J ({@code gptj}), GPT-NeoX ({@code gpt_neox}), LLaMA and its
 * relatives ({@code llama}, {@code mistral}, {@code qwen2}) and T5 ({@code t5}). Each family package holds its
 * config, weight layout, blocks and provider; {@link dev.amend.models.hf} reads the files, {@link dev.amend.models.nn}
 * holds the operations the families share, {@link dev.amend.models.decoder} the decoder-only skeleton (batching,
 * hooks, KV-cached greedy generation).
 */
package dev.amend.models;
