package dev.amend.methods.wise;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.amend.api.HParam;
import dev.amend.api.HParams;
import dev.amend.api.IgnoredKeys;
import dev.amend.methods.locate.Checks;
import dev.amend.methods.locate.ContextHParams;
import dev.amend.methods.locate.KeyDocs;
import dev.amend.methods.locate.StatsHParams;
import java.util.List;

/**
 * WISE's hparams, in EasyEdit's keys (wise/wise_hparams.py), plus {@code loc_data}, the context-template keys and
 * Amend's options, whose absence means what EasyEdit's wise/WISE.py does.
 */
@IgnoredKeys({"batch_size", "max_length", "use_chat_template", "save_path", "load_path", "sequential_edit"})
public record WiseHParams(
        @HParam("exactly one parameter, a decoder MLP output projection such as transformer.h[3].mlp.c_proj.weight, "
                + "whose copy is the side memory")
        List<String> innerParams,
        @HParam("the share of the side memory's entries a shard may train: each is trainable with this "
                + "probability, one random mask per shard; in (0, 1]")
        double maskRatio,
        @HParam("learning rate of the plain SGD steps (weight decay 1e-5, as in EasyEdit); > 0")
        double editLr,
        @HParam("SGD steps per edit, fewer once the loss settles (changes by at most 1e-4 and is at most 0.02); "
                + "≥ 1")
        int nIter,
        @HParam("every entry of the side memory stays within this of the main memory's; > 0")
        double normConstraint,
        @HParam("[α, β, γ], each ≥ 0: the loss's margins, pushing the irrelevant input's activation score under α, "
                + "the edit's above β, and the edit's above the irrelevant one's by γ")
        List<Double> actMargin,
        @HParam("the side memory answers an input whose score reaches this share of the lowest score an edit of its "
                + "shard reached; > 0")
        double actRatio,
        @HParam("edits per shard: then the shard is kept and a fresh one, with a new mask, starts; ≥ 1")
        int saveFreq,
        @HParam("every this many edits the last merge_freq / save_freq shards are merged into one by TIES "
                + "(WISE-Merge; when it equals save_freq, the one shard is TIES-trimmed to its densities share, as "
                + "EasyEdit does); a multiple of save_freq")
        int mergeFreq,
        @HParam("ties, the only merge offered")
        String mergeAlg,
        @HParam("only_label, the only value offered: the loss counts the target tokens only")
        String objectiveOptimization,
        @HParam("the share of each merged shard's largest-magnitude changes TIES keeps; in (0, 1]")
        double densities,
        @HParam("TIES's total weight of the merged shards, each weighted weights / (merge_freq / save_freq); as "
                + "TIES averages by these equal weights, the value does not change the merge; > 0")
        double weights,
        @HParam("true, the only value: among the shards, the one whose score is highest and over its threshold "
                + "answers (EasyEdit's default; merging without retrieval is not offered)")
        boolean retrieve,
        @HParam("false, the only value (EasyEdit's replay of earlier edits is not offered)")
        boolean replay,
        @HParam(value = "a ZsRE-format file whose loc + \" \" + loc_ans texts are the irrelevant inputs, one per "
                + "edit in a seeded random order, as EasyEdit's examples pass loc_prompts from its train split",
                easyEdit = HParam.AMEND_ONLY)
        String locData,
        @HParam(value = "[[length, n_gen], ...]: the context templates the edit is trained in, besides the prompt "
                + "alone (made as context_templates_from says); [] for the prompt alone. EasyEdit's WISE code always "
                + "uses [[5, 5], [10, 5]]", easyEdit = HParam.AMEND_ONLY)
        List<List<Integer>> contextTemplateLengthParams,
        @HParam(value = "the words the context templates are generated from; null: those of context_templates_from "
                + "(EasyEdit's WISE: I, You, Because, Yes, \"Q: \")", easyEdit = HParam.AMEND_ONLY)
        List<String> contextTemplateSeeds,
        @HParam(value = "with context_templates_from: rome, Amend's option: prompt (ROME's, the default when null: "
                + "\"{text}. {prompt}\") or subject, which for WISE puts the text without its seed word right before "
                + "the whole prompt (\"{text} {prompt}\")", easyEdit = HParam.AMEND_ONLY)
        String contextTemplatesAt,
        @HParam(value = "how the context templates are made: wise (the default, EasyEdit's wise/utils.py "
                + "get_context_templates: each seed continued greedily by length new tokens, then \" {}\") or rome "
                + "(Amend's former way, ROME's sampler: top-5 sampling to a length that counts the seed, then "
                + "\". {}\")", easyEdit = HParam.AMEND_ONLY)
        String contextTemplatesFrom,
        @HParam(value = "the activation score of a memory on an input: activation (the default, EasyEdit's WISE.py "
                + "euc: ‖act(W′x) − act(Wx)‖ with the model's activation, averaged over the tokens, the largest "
                + "token's when routing an input of over 100 tokens) or change (the paper's ‖(W′ − W) x‖, averaged "
                + "over the tokens)", easyEdit = HParam.AMEND_ONLY)
        String score,
        @HParam(value = "the target's loss: easyedit (the default, WISE.py _cal_ft_loss: each template row's summed "
                + "negative log-likelihood of the target divided by its length + 1, its label mask starting one "
                + "position early, averaged over rows) or mean (each row's mean over its target tokens)",
                easyEdit = HParam.AMEND_ONLY)
        String nll,
        @HParam(value = "null: EasyEdit's plain SGD step; λ > 0: each step's gradient is preconditioned by "
                + "m (C + λ m I)⁻¹, C the second moment of the projection's inputs and m its mean eigenvalue, so that "
                + "an edit is written along what sets its input apart (needs the statistics keys below)",
                easyEdit = HParam.AMEND_ONLY)
        Double keyWhitening,
        @HParam(value = "input (null, EasyEdit's): one memory per input row, by the row's mean score; token: one "
                + "per token, by its own score, against thresholds taken at the edits' answer positions; key: one "
                + "per token, the shard that stored the key nearest the token's, when that shard's own score "
                + "reaches its threshold", easyEdit = HParam.AMEND_ONLY)
        String routing,
        @HParam(value = "with key_whitening (ROME's key): " + KeyDocs.STATS_DIR, easyEdit = HParam.AMEND_ONLY)
        String statsDir,
        @HParam(value = "with key_whitening (ROME's key): " + KeyDocs.MOM2_DATASET, easyEdit = HParam.AMEND_ONLY)
        String mom2Dataset,
        @HParam(value = "with key_whitening (ROME's key): " + KeyDocs.MOM2_N_SAMPLES,
                easyEdit = HParam.AMEND_ONLY)
        @JsonProperty("mom2_n_samples") int mom2NSamples,
        @HParam(value = "with key_whitening (ROME's key): " + KeyDocs.MOM2_DTYPE, easyEdit = HParam.AMEND_ONLY)
        String mom2Dtype)
        implements HParams, ContextHParams, StatsHParams {

    /** {@code context_templates_from}'s values. */
    static final String TEMPLATES_WISE = "wise";
    static final String TEMPLATES_ROME = "rome";
    /** {@code score}'s values. */
    static final String SCORE_ACTIVATION = "activation";
    static final String SCORE_CHANGE = "change";
    /** {@code nll}'s values. */
    static final String NLL_EASYEDIT = "easyedit";
    static final String NLL_MEAN = "mean";

    /** {@code routing}'s values. */
    static final String ROUTE_INPUT = "input";
    static final String ROUTE_TOKEN = "token";
    static final String ROUTE_KEY = "key";

    public WiseHParams {
        innerParams = List.copyOf(innerParams);
        if (innerParams.size() != 1) {
            throw new IllegalArgumentException("inner_params must name exactly one MLP output projection, got "
                    + innerParams);
        }
        if (maskRatio <= 0 || maskRatio > 1) {
            throw new IllegalArgumentException("mask_ratio must be in (0, 1], got " + maskRatio);
        }
        if (editLr <= 0 || nIter < 1 || normConstraint <= 0) {
            throw new IllegalArgumentException("edit_lr and norm_constraint must be > 0 and n_iter at least 1, got "
                    + editLr + ", " + normConstraint + " and " + nIter);
        }
        if (actMargin == null || actMargin.size() != 3 || actMargin.stream().anyMatch(m -> m == null || m < 0)) {
            throw new IllegalArgumentException("act_margin must be three margins [α, β, γ] ≥ 0, got " + actMargin);
        }
        actMargin = List.copyOf(actMargin);
        if (actRatio <= 0) {
            throw new IllegalArgumentException("act_ratio must be > 0, got " + actRatio);
        }
        if (saveFreq < 1 || mergeFreq < saveFreq || mergeFreq % saveFreq != 0) {
            throw new IllegalArgumentException("save_freq must be at least 1 and merge_freq a multiple of it, got "
                    + saveFreq + " and " + mergeFreq);
        }
        if (!"ties".equals(mergeAlg)) {
            throw new IllegalArgumentException("merge_alg must be \"ties\", got " + mergeAlg);
        }
        if (!"only_label".equals(objectiveOptimization)) {
            throw new IllegalArgumentException("objective_optimization must be \"only_label\", got "
                    + objectiveOptimization);
        }
        if (densities <= 0 || densities > 1 || weights <= 0) {
            throw new IllegalArgumentException("densities must be in (0, 1] and weights > 0, got " + densities + " and "
                    + weights);
        }
        if (!retrieve || replay) {
            throw new IllegalArgumentException("retrieve must be true and replay false (merging without retrieval and"
                    + " replay are not offered), got retrieve " + retrieve + ", replay " + replay);
        }
        if (locData == null || locData.isBlank()) {
            throw new IllegalArgumentException("loc_data must name a ZsRE-format file of irrelevant facts (loc,"
                    + " loc_ans), such as EasyEdit's zsre_mend_train.json");
        }
        contextTemplateLengthParams = Checks.lengthParams(contextTemplateLengthParams, List.of());
        Checks.contexts(contextTemplateSeeds, contextTemplatesAt);
        contextTemplateSeeds = contextTemplateSeeds == null ? null : List.copyOf(contextTemplateSeeds);
        contextTemplatesFrom = oneOf("context_templates_from", contextTemplatesFrom, TEMPLATES_WISE, TEMPLATES_ROME);
        if (TEMPLATES_WISE.equals(contextTemplatesFrom) && contextTemplatesAt != null) {
            throw new IllegalArgumentException("context_templates_at belongs to context_templates_from: rome, got "
                    + contextTemplatesAt + " with " + contextTemplatesFrom);
        }
        score = oneOf("score", score, SCORE_ACTIVATION, SCORE_CHANGE);
        nll = oneOf("nll", nll, NLL_EASYEDIT, NLL_MEAN);
        if (keyWhitening != null) {
            if (!(keyWhitening > 0)) {
                throw new IllegalArgumentException("key_whitening must be a damping λ > 0 (or absent), got "
                        + keyWhitening);
            }
            Checks.statistics("key_whitening", mom2Dataset, statsDir, mom2NSamples);
        }
        if (routing != null && !List.of(ROUTE_INPUT, ROUTE_TOKEN, ROUTE_KEY).contains(routing)) {
            throw new IllegalArgumentException("routing must be \"input\", \"token\" or \"key\", got " + routing);
        }
    }

    /** {@code value}, or {@code byDefault} when null; one of {@code byDefault} and {@code other}. */
    private static String oneOf(String key, String value, String byDefault, String other) {
        if (value == null) {
            return byDefault;
        }
        if (!value.equals(byDefault) && !value.equals(other)) {
            throw new IllegalArgumentException(key + " must be \"" + byDefault + "\" or \"" + other + "\", got "
                    + value);
        }
        return value;
    }

    /** Whether scores apply the model's activation ({@code score: activation}, EasyEdit's). */
    boolean scoresActivations() {
        return SCORE_ACTIVATION.equals(score);
    }

    /** Whether each token picks its memory ({@code routing: token} or {@code key}) rather than each input row. */
    boolean routesTokens() {
        return ROUTE_TOKEN.equals(routing) || routesByKey();
    }

    /** Whether the shard is the one that stored the nearest key ({@code routing: key}). */
    boolean routesByKey() {
        return ROUTE_KEY.equals(routing);
    }

    /**
     * The projection {@code inner_params} names, as a module path ({@code transformer.h.3.mlp.c_proj}): it names the
     * statistics' files, so that WISE shares them with ROME, MEMIT and AlphaEdit.
     */
    @Override
    public String rewriteModuleTmp() {
        String name = innerParams.get(0).replace("[", ".").replace("]", "");
        return name.endsWith(".weight") ? name.substring(0, name.length() - ".weight".length()) : name;
    }

    double alpha() {
        return actMargin.get(0);
    }

    double beta() {
        return actMargin.get(1);
    }

    double gamma() {
        return actMargin.get(2);
    }
}
