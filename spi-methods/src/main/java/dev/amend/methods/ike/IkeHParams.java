package dev.amend.methods.ike;

import dev.amend.api.HParam;
import dev.amend.api.HParams;
import dev.amend.api.IgnoredKeys;

/**
 * IKE's hparams, in EasyEdit's keys ({@code models/ike/ike_hparams.py}), plus the Amend keys that say where
 * demonstrations come from and how a model's prompts are written. {@code results_dir} is ignored: EasyEdit keeps its
 * pool's embeddings there ({@code encode_ike_facts}); Amend embeds the pool itself, once per model.
 */
@IgnoredKeys({"results_dir"})
public record IkeHParams(
        @HParam("the sentence embedder that retrieves demonstrations: all-MiniLM-L6-v2 (any path ending in it), "
                + "which Amend ships offline")
        String sentenceModelName,
        @HParam("demonstrations per edit, the most similar first (EasyEdit's order); ≥ 0, 0 for the edit's fact "
                + "alone")
        int k,
        @HParam("EasyEdit's switch: false reads the edit's fact alone, without demonstrations (as k: 0), and needs no "
                + "train_data; true (EasyEdit's default) retrieves k")
        boolean useIclExamples,
        @HParam(value = "a ZsRE-format file the demonstrations are built from, as EasyEdit's train_ds: per record a "
                + "copy, an update (its rephrase) and a retain (its unrelated fact) demonstration",
                easyEdit = HParam.AMEND_ONLY)
        String trainData,
        @HParam(value = "one demonstration, with {fact} and ending in {prompt}; null for EasyEdit's \"New Fact: "
                + "{fact}\\nPrompt: {prompt}\". The edited model reads the demonstrations, then this template up "
                + "to {prompt} with the edit's fact, then the input", easyEdit = HParam.AMEND_ONLY)
        String iclTemplate,
        @HParam(value = "what ends each demonstration; null for EasyEdit's \"\\n\\n\"", easyEdit = HParam.AMEND_ONLY)
        String demoSeparator,
        @HParam(value = "what every prompt of the model's data starts with (the toy world's \". \"): facts are "
                + "stated without it; null for EasyEdit's \"\"", easyEdit = HParam.AMEND_ONLY)
        String promptPrefix) implements HParams {

    /** The one sentence embedder Amend ships. */
    public static final String EMBEDDER = "all-MiniLM-L6-v2";
    /** EasyEdit's demonstration form. */
    public static final String EASYEDIT_TEMPLATE = "New Fact: {fact}\nPrompt: {prompt}";

    public IkeHParams {
        String name = sentenceModelName == null ? "" : sentenceModelName.replaceAll("/+$", "");
        if (!name.equals(EMBEDDER) && !name.endsWith("/" + EMBEDDER)) {
            throw new IllegalArgumentException("sentence_model_name must be " + EMBEDDER + " (the embedder Amend ships,"
                    + " offline), got " + sentenceModelName);
        }
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        if (useIclExamples && k > 0 && (trainData == null || trainData.isBlank())) {
            throw new IllegalArgumentException("train_data must name a ZsRE-format file to build demonstrations from,"
                    + " such as EasyEdit's zsre_mend_train.json");
        }
        iclTemplate = iclTemplate == null ? EASYEDIT_TEMPLATE : iclTemplate;
        demoSeparator = demoSeparator == null ? "\n\n" : demoSeparator;
        promptPrefix = promptPrefix == null ? "" : promptPrefix;
        if (!iclTemplate.contains("{fact}") || !iclTemplate.endsWith("{prompt}")) {
            throw new IllegalArgumentException("icl_template must contain {fact} and end with {prompt}, got "
                    + iclTemplate);
        }
    }

    /** {@return how many demonstrations an edit is read after: k, or 0 when use_icl_examples is false} */
    int demonstrations() {
        return useIclExamples ? k : 0;
    }

    /** A prompt without {@link #promptPrefix}. */
    String bare(String prompt) {
        return !promptPrefix.isEmpty() && prompt.startsWith(promptPrefix) ? prompt.substring(promptPrefix.length())
                : prompt;
    }

    /** One demonstration: the template filled, then the separator. */
    String demonstration(String fact, String prompt) {
        return iclTemplate.replace("{fact}", fact).replace("{prompt}", prompt) + demoSeparator;
    }

    /** The template up to the input, for an edit's fact. */
    String lead(String fact) {
        return iclTemplate.substring(0, iclTemplate.length() - "{prompt}".length()).replace("{fact}", fact);
    }
}
