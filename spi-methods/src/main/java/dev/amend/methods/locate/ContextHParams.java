package dev.amend.methods.locate;

import java.util.List;

/**
 * How the context templates that keys and targets are averaged over are made: EasyEdit's
 * {@code context_template_length_params}, and two Amend keys for models that do not speak EasyEdit's seed words or
 * whose prompts begin a sentence (the toy world's all start with ". ").
 */
public interface ContextHParams {

    /** {@code [[max_out_len, n_gen], ...]}; an empty list means the bare prompt only (EasyEdit). */
    List<List<Integer>> contextTemplateLengthParams();

    /** {@code context_template_seeds}: the words the texts are generated from; null means EasyEdit's five. */
    List<String> contextTemplateSeeds();

    /**
     * {@code context_templates_at}: {@code prompt} (EasyEdit, and the default when null: {@code "<text>. <prompt>"})
     * or {@code subject} (Amend: the text without its seed word right before the subject, so that what the key sees
     * to the subject's left varies, not just what precedes the whole prompt).
     */
    String contextTemplatesAt();
}
