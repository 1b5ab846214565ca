package dev.amend.trainers.toy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingStreamTest {

    private final ToyWorld world = ToyWorld.generate(1);
    private final List<String> vocabulary = world.vocabulary();

    @Test
    void rowsArePackedToLengthPlusOneAndDependOnlyOnSeedAndStep() {
        TrainingStream stream = new TrainingStream(world, vocabulary, 64, 0.1, 0.3, 5);
        List<TrainingStream.Row> a = stream.batch(17, 32);
        List<TrainingStream.Row> b = new TrainingStream(world, vocabulary, 64, 0.1, 0.3, 5).batch(17, 32);
        assertThat(a).hasSize(32).allSatisfy(r -> {
            assertThat(r.tokens()).hasSize(65);
            assertThat(r.learned()).hasSize(64);
        });
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).tokens()).isEqualTo(b.get(i).tokens());
        }
        assertThat(stream.batch(18, 32).get(0).tokens()).isNotEqualTo(a.get(0).tokens());
    }

    @Test
    void sentencesCoverCoreFactsForAllAndParaphrasesForAnchors() {
        TrainingStream stream = new TrainingStream(world, vocabulary, 64, 0.1, 0.3, 5);
        // 400 subjects × 5 relations × 3 core + 200 anchors × (5 × 2 paraphrases + 1 two-hop) + 24 cities × 2
        assertThat(stream.sentenceCount()).isEqualTo(6000 + 2200 + 48);
    }

    @Test
    void theStatedObjectOfAnEpisodeIsNotATrainingTarget() {
        TrainingStream stream = new TrainingStream(world, vocabulary, 64, 1.0, 0.0, 3);
        TrainingStream.Row row = stream.batch(1, 1).get(0);
        int colon = vocabulary.indexOf(":");
        int unlearned = 0;
        for (int i = 0; i < row.learned().length; i++) {
            if (!row.learned()[i]) {
                unlearned++;
                // the masked target is the word before "." that ends the statement "new fact : <s> <template> <new> ."
                assertThat(vocabulary.get(row.tokens()[i + 2 < row.tokens().length ? i + 2 : i + 1]))
                        .isIn(".", vocabulary.get(row.tokens()[i + 1]));
            }
            if (row.tokens()[i] == colon) {
                assertThat(vocabulary.get(row.tokens()[i - 1])).isEqualTo("fact");
            }
        }
        assertThat(unlearned).isGreaterThan(0);
        String text = String.join(" ", java.util.Arrays.stream(row.tokens()).mapToObj(vocabulary::get).toList());
        assertThat(text).contains("new fact :");
    }
}
