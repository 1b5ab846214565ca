package dev.amend.trainers.toy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.amend.toolkit.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;

/** The model card ({@code README.md}) and figures ({@code figures.json}) of a pretrained toy model. */
final class ToyModelCard {

    private ToyModelCard() {}

    /**
     * @param trainTime wall time of this run's training
     * @param resumedAt the step this run resumed from (0 for a fresh run)
     */
    static void write(Path out, ToyPretrainHParams h, ToyWorld world, long parameters, ToyEvaluation.Figures f,
                      Duration trainTime, int resumedAt) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode figures = json.valueToTree(f);
        figures.put("episode_follow", f.follow());
        figures.put("parameters", parameters);
        figures.put("train_seconds", trainTime.toSeconds());
        figures.put("resumed_at_step", resumedAt);
        AtomicFiles.write(out.resolve("figures.json"), staging -> json.writeValue(staging.toFile(), figures));
        String card = """
                # Toy GPT-2: Amend's embedded default model

                A %d-layer, d=%d GPT-2 (%.2fM parameters, word-level vocabulary of %d tokens, %d positions) trained
                from scratch by Amend's own Java pretrainer (`toy-pretrain`) on a synthetic toy world
                (world seed %d): 400 invented people, 5 relations, 2,000 facts, a city → country table, paraphrases
                trained for the 200 anchor people only, in-context update episodes (with distractors) on anchors only.

                Regenerate (from the repository root; about the time below on 2 cores):

                ```bash
                ./amend pretrain-toy --out %s
                ```

                ## Figures (measured on this model, `figures.json`)

                | what | accuracy |
                |---|---|
                | core-template facts (2,000 facts × 3 templates) | %s |
                | paraphrases of anchor people (trained) | %s |
                | **held-out paraphrases** (200 people whose paraphrases were never trained) | %s |
                | 2-hop home country, anchor people (trained) | %s |
                | **2-hop home country, held-out people** (never trained: city fact + city→country) | %s |
                | in-context episodes, held-out people, asked with a core template: follows the stated new fact | %s |
                | same, asked with a held-out paraphrase | %s |
                | **distractor episodes, held-out people**: asked about another person, keeps that person's true fact | %s |

                Training: %d steps of %d rows × %d tokens, each row opening with ". ". Up to step %d, %d%% of
                rows are one-statement episodes (%d%% of their questions about unstated people); after it, %d%% of
                rows are episodes stating 1–%d new facts of one relation (%d%% of their questions about unstated
                people, answers weighted %s) and %d%% are copy rows. AdamW lr %s (β %s/%s, weight decay %s), %d
                warm-up steps then cosine to %d%%, gradient-norm clip %s, seed %d.
                Wall time of training on this machine (2 cores): %s%s. Date: %s.

                Prompts start with ". " like every training row; an answer counts when it is the argmax next token.
                The data sets exported from this world (ZsRE/MEND split, a 1,000-edit ZsRE file for sequential
                editing, CounterFact, KnowEdit, MQuAKE-style, the training corpus) are in `data/`.
                """.formatted(h.layers(), h.hidden(), parameters / 1e6, world.vocabulary().size(), h.rowLength(),
                world.seed(), out.toString().replace(java.io.File.separatorChar, '/'), pct(f.coreFacts()),
                pct(f.anchorParaphrases()),
                pct(f.heldOutParaphrases()), pct(f.anchorTwoHop()), pct(f.heldOutTwoHop()),
                pct(f.followCoreTemplate()), pct(f.followParaphrase()), pct(f.keepDistractor()), h.steps(),
                h.batchSize(), h.rowLength(), h.lateMixFrom(), Math.round(100 * h.earlyEpisodeShare()),
                Math.round(100 * h.earlyDistractorShare()), Math.round(100 * h.episodeShare()),
                h.episodeStatements(), Math.round(100 * h.distractorShare()), h.answerWeight(),
                Math.round(100 * h.copyShare()), h.lr(), h.beta1(), h.beta2(), h.weightDecay(), h.warmupSteps(),
                Math.round(100 * h.finalLrFraction()), h.clipNorm(), h.seed(), minutes(trainTime),
                resumedAt > 0 ? " (resumed at step " + resumedAt + ")" : "", LocalDate.now());
        AtomicFiles.writeString(out.resolve("README.md"), card);
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * fraction);
    }

    private static String minutes(Duration d) {
        return String.format(Locale.ROOT, "%d min %02d s", d.toMinutes(), d.toSecondsPart());
    }
}
