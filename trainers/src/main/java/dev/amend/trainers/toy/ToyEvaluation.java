package dev.amend.trainers.toy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.TokenBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What a model knows of its toy world, as fractions of one-word answers predicted (argmax after the prompt). Prompts
 * start with ". " as mid-row sentences do.
 */
public final class ToyEvaluation {

    private static final int CHUNK = 256;

    private ToyEvaluation() {}

    /**
     * The figures of a model card.
     *
     * @param coreFacts          every fact in its three core templates
     * @param anchorParaphrases  paraphrase templates of anchor subjects (trained)
     * @param heldOutParaphrases paraphrase templates of the other subjects (never trained: generalization)
     * @param anchorTwoHop       the home-country question of anchor subjects (trained)
     * @param heldOutTwoHop      the home-country question of the other subjects (2-hop: never trained)
     * @param followCoreTemplate in-context episodes on held-out subjects, asked with a core template: the stated new
     *                           object is predicted
     * @param followParaphrase   the same, asked with a (held-out) paraphrase template
     * @param keepDistractor     distractor episodes on held-out subjects: asked about another subject, its true object
     *                           is predicted
     */
    public record Figures(@JsonProperty("core_facts") double coreFacts,
                          @JsonProperty("anchor_paraphrases") double anchorParaphrases,
                          @JsonProperty("held_out_paraphrases") double heldOutParaphrases,
                          @JsonProperty("anchor_two_hop") double anchorTwoHop,
                          @JsonProperty("held_out_two_hop") double heldOutTwoHop,
                          @JsonProperty("episode_follow_core_template") double followCoreTemplate,
                          @JsonProperty("episode_follow_paraphrase") double followParaphrase,
                          @JsonProperty("episode_keep_distractor") double keepDistractor) {

        /** Follow rate over both kinds of question. */
        public double follow() {
            return (followCoreTemplate + followParaphrase) / 2;
        }
    }

    /** Every figure; episodes are drawn with {@code seed}. */
    public static Figures evaluate(LanguageModel model, ToyWorld world, long seed) {
        Probes core = new Probes();
        Probes anchorPara = new Probes();
        Probes heldOutPara = new Probes();
        Probes anchorTwoHop = new Probes();
        Probes heldOutTwoHop = new Probes();
        Probes followCore = new Probes();
        Probes followPara = new Probes();
        Probes keep = new Probes();
        Random random = new Random(seed);
        List<Integer> heldOut = new ArrayList<>();
        for (int s = 0; s < world.subjects().size(); s++) {
            if (!world.isAnchor(s)) {
                heldOut.add(s);
            }
        }
        for (int s = 0; s < world.subjects().size(); s++) {
            String subject = world.subjects().get(s);
            boolean anchor = world.isAnchor(s);
            for (int r = 0; r < world.relations().size(); r++) {
                Relation relation = world.relations().get(r);
                String answer = world.object(s, r);
                relation.core().forEach(t -> core.add(ToyWorld.fill(t, subject), answer));
                relation.paraphrases().forEach(t -> (anchor ? anchorPara : heldOutPara).add(ToyWorld.fill(t, subject),
                        answer));
                if (!anchor) {
                    String stated = world.otherObject(random, s, r);
                    String statement = ToyWorld.EPISODE_CUE + " " + ToyWorld.fill(relation.core().get(random.nextInt(3)),
                            subject) + " " + stated + " . ";
                    followCore.add(statement + ToyWorld.fill(relation.core().get(random.nextInt(3)), subject), stated);
                    followPara.add(statement + ToyWorld.fill(relation.paraphrases().get(random.nextInt(2)), subject),
                            stated);
                    int other;
                    do {
                        other = heldOut.get(random.nextInt(heldOut.size()));
                    } while (other == s);
                    keep.add(statement + ToyWorld.fill(relation.templates().get(random.nextInt(5)),
                            world.subjects().get(other)), world.object(other, r));
                }
            }
            (anchor ? anchorTwoHop : heldOutTwoHop).add(ToyWorld.fill(ToyWorld.TWO_HOP, subject), world.country(s));
        }
        return new Figures(core.accuracy(model), anchorPara.accuracy(model), heldOutPara.accuracy(model),
                anchorTwoHop.accuracy(model), heldOutTwoHop.accuracy(model), followCore.accuracy(model),
                followPara.accuracy(model), keep.accuracy(model));
    }

    /** Core-fact accuracy on the first {@code limit} facts (a quick figure for progress bars). */
    public static double coreFacts(LanguageModel model, ToyWorld world, int limit) {
        Probes probes = new Probes();
        for (int s = 0; s < world.subjects().size() && probes.prompts.size() < limit; s++) {
            for (int r = 0; r < world.relations().size(); r++) {
                probes.add(ToyWorld.fill(world.relations().get(r).core().get(s % 3), world.subjects().get(s)),
                        world.object(s, r));
            }
        }
        return probes.accuracy(model);
    }

    /** Prompts with one-word answers. */
    static final class Probes {
        final List<String> prompts = new ArrayList<>();
        final List<String> answers = new ArrayList<>();

        void add(String prompt, String answer) {
            prompts.add(ToyWorld.END + " " + prompt);
            answers.add(answer);
        }

        /** Fraction of prompts whose next-token argmax is the answer's (single) token. */
        double accuracy(LanguageModel model) {
            int hits = 0;
            for (int from = 0; from < prompts.size(); from += CHUNK) {
                int to = Math.min(prompts.size(), from + CHUNK);
                List<int[]> ids = model.tokenizer().encodeAll(prompts.subList(from, to), true);
                try (NDManager m = NDManager.newBaseManager(model.spec().device())) {
                    long[] predicted = model.forward(m, TokenBatch.of(ids)).logits()
                            .get(new NDIndex(":, -1, :")).argMax(-1).toLongArray();
                    for (int i = from; i < to; i++) {
                        hits += predicted[i - from] == model.tokenizer().encode(answers.get(i))[0] ? 1 : 0;
                    }
                }
            }
            return prompts.isEmpty() ? 0 : (double) hits / prompts.size();
        }
    }
}
