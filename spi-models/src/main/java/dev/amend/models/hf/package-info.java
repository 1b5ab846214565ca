/**
 * Reading HuggingFace model directories: {@code config.json}, safetensors checkpoints (single or sharded; F32, F16 and
 * BF16 on disk, widened to F32 while streaming), and {@code tokenizer.json} through DJL's HuggingFace tokenizers.
 */
package dev.amend.models.hf;
