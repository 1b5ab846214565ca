/**
 * Models as editing methods see them: a {@link dev.amend.api.model.LanguageModel} with a tokenizer, a batched,
 * differentiable forward pass, hooks at canonical {@link dev.amend.api.model.HookSite}s and weights at canonical
 * {@link dev.amend.api.model.WeightSite}s. Architectures map their modules onto this one vocabulary in their
 * adapter, so methods never see module names (TransformerLens's idea).
 */
package dev.amend.api.model;
