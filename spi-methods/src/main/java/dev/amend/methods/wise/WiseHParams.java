package dev.amend.methods.wise;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.amend.api.HParams;
import dev.amend.api.IgnoredKeys;
import dev.amend.methods.locate.Checks;
import dev.amend.methods.locate.ContextHParams;
import dev.amend.methods.locate.StatsHParams;
import java.util.List;

/**
 * WISE's hparams, in EasyEdit's keys, plus {@code loc_data} and the context-template keys.
 *
 * @param innerParams                 the one MLP output projection whose copy is the side memory, such as
 *                                    {@code transformer.h[3].mlp.c_proj.weight}
 * @param maskRatio                   share of the side memory's entries a shard may train (one random mask per shard)
 * @param editLr                      SGD's learning rate
 * @param nIter                       optimisation steps per edit (fewer when the loss settles)
 * @param normConstraint              every entry of the side memory stays within this of the main memory's
 * @param actMargin                   {@code [α, β, γ]}: the irrelevant input's score stays under α, the edit's goes
 *                                    above β, and above the irrelevant one's by γ
 * @param actRatio                    the side memory answers an input whose score reaches this share of the lowest
 *                                    score an edit of its shard reached
 * @param saveFreq                    edits per shard: then the shard is kept and a fresh one starts
 * @param mergeFreq                   every this many edits the last {@code merge_freq / save_freq} shards are merged
 *                                    into one (WISE-Merge, by TIES)
 * @param mergeAlg                    {@code ties}
 * @param objectiveOptimization       {@code only_label}: the loss counts the target tokens only
 * @param densities                   the share of each shard's largest changes TIES keeps
 * @param weights                     TIES's weight of the merged shards
 * @param retrieve                    {@code true}: among the shards, the one whose score is highest and over its
 *                                    threshold answers (EasyEdit's default; merging without retrieval is not offered)
 * @param replay                      {@code false} (EasyEdit's replay of earlier edits is not offered)
 * @param locData                     (Amend) a ZsRE-format file whose {@code loc + " " + loc_ans} texts are the
 *                                    irrelevant inputs, as EasyEdit's examples pass {@code loc_prompts} from its train split
 * @param contextTemplateLengthParams templates the edit is trained in ({@code []}: the prompt alone); EasyEdit's
 *                                    WISE uses {@code [[5, 5], [10, 5]]}
 * @param contextTemplateSeeds        seed words of those templates (null: EasyEdit's)
 * @param contextTemplatesAt          {@code prompt} (null) or {@code subject}
 * @param keyWhitening                (Amend) null: EasyEdit's plain SGD step; λ: the step is preconditioned by
 *                                    {@code m (C + λ m I)⁻¹}, C the second moment of the projection's inputs and m
 *                                    its mean eigenvalue, so that an edit is written along what sets its input apart
 *                                    rather than along what all inputs share (needs the statistics keys below)
 * @param routing                     (Amend) {@code input} (null, EasyEdit's): one memory per input row, by the row's
 *                                    mean score; {@code token}: one per token, by the token's own score, against
 *                                    thresholds taken at the edits' answer positions; {@code key}: one per token, the
 *                                    shard that stored the key nearest the token's (each shard keeps its edits' keys
 *                                    at their answer positions), when that shard's own score reaches its threshold
 * @param statsDir                    with {@code key_whitening}: where the statistics are cached (ROME's key)
 * @param mom2Dataset                 with {@code key_whitening}: the local text file they are taken over
 * @param mom2NSamples                with {@code key_whitening}: how many of its lines
 * @param mom2Dtype                   with {@code key_whitening}: the precision named in the files
 */
@IgnoredKeys({"batch_size", "max_length", "use_chat_template", "save_path", "load_path", "sequential_edit"})
public record WiseHParams(List<String> innerParams, double maskRatio, double editLr, int nIter, double normConstraint,
                          List<Double> actMargin, double actRatio, int saveFreq, int mergeFreq, String mergeAlg,
                          String objectiveOptimization, double densities, double weights, boolean retrieve,
                          boolean replay, String locData, List<List<Integer>> contextTemplateLengthParams,
                          List<String> contextTemplateSeeds, String contextTemplatesAt, Double keyWhitening,
                          String routing, String statsDir, String mom2Dataset,
                          @JsonProperty("mom2_n_samples") int mom2NSamples, String mom2Dtype)
        implements HParams, ContextHParams, StatsHParams {

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
