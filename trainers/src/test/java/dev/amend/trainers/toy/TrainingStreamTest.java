package dev.amend.trainers.toy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingStreamTest {

    private final ToyWorld world = ToyWorld.generate(1);
    private final List<String> vocabulary = world.vocabulary();

    private TrainingStream stream(double episodes, double distractors, double copies, long seed) {
        TrainingStream.Mix mix = new TrainingStream.Mix(episodes, distractors, 3, 5.0, copies);
        return new TrainingStream(world, vocabulary, 64, mix, mix, 0, seed);
    }

    @Test
    void rowsArePackedToLengthPlusOneAndDependOnlyOnSeedAndStep() {
        List<TrainingStream.Row> a = stream(0.2, 0.4, 0.1, 5).batch(17, 32);
        List<TrainingStream.Row> b = stream(0.2, 0.4, 0.1, 5).batch(17, 32);
        assertThat(a).hasSize(32).allSatisfy(r -> {
            assertThat(r.tokens()).hasSize(65);
            assertThat(r.weights()).hasSize(64);
        });
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).tokens()).isEqualTo(b.get(i).tokens());
            assertThat(a.get(i).weights()).isEqualTo(b.get(i).weights());
        }
        assertThat(stream(0.2, 0.4, 0.1, 5).batch(18, 32).get(0).tokens()).isNotEqualTo(a.get(0).tokens());
    }

    @Test
    void everyRowOpensWithTheSentenceEndLikeAnEvaluationPrompt() {
        int end = vocabulary.indexOf(ToyWorld.END);
        assertThat(stream(0.3, 0.4, 0.2, 9).batch(5, 64)).allSatisfy(row -> {
            assertThat(row.tokens()[0]).isEqualTo(end);
            assertThat(row.tokens()[1]).isNotEqualTo(end);
        });
    }

    @Test
    void sentencesCoverCoreFactsForAllAndParaphrasesForAnchors() {
        // 400 subjects × 5 relations × 3 core + 200 anchors × (5 × 2 paraphrases + 1 two-hop) + 24 cities × 2
        assertThat(stream(0.1, 0.3, 0, 5).sentenceCount()).isEqualTo(6000 + 2200 + 48);
    }

    @Test
    void sentenceRowsLearnEveryToken() {
        TrainingStream.Row row = stream(0, 0, 0, 2).batch(1, 1).get(0);
        for (float w : row.weights()) {
            assertThat(w).isEqualTo(1f);
        }
    }

    @Test
    void theEarlyMixRunsUntilItsLastStep() {
        TrainingStream stream = new TrainingStream(world, vocabulary, 64, new TrainingStream.Mix(0, 0, 1, 1, 0),
                new TrainingStream.Mix(0.5, 0.4, 3, 5.0, 0.5), 10, 6);
        for (TrainingStream.Row row : stream.batch(10, 16)) {
            for (float w : row.weights()) {
                assertThat(w).isEqualTo(1f);
            }
        }
        assertThat(stream.batch(11, 16)).anySatisfy(row -> assertThat(row.weights()).contains(0f));
    }

    @Test
    void episodesShareARelationHideStatedObjectsWeighAnswersAndAnswerDistractorsWithTrueFacts() {
        int statements = 0;
        int follows = 0;
        int distractors = 0;
        for (int step = 1; step <= 20; step++) {
            TrainingStream.Row row = stream(1.0, 0.4, 0, 3).batch(step, 1).get(0);
            List<String> words = Arrays.stream(row.tokens()).mapToObj(vocabulary::get).toList();
            List<String> stated = new ArrayList<>();
            boolean asking = false;
            for (int start = 1, end; (end = next(words, start)) > 0; start = end + 1) {
                List<String> sentence = words.subList(start, end);
                int answer = end - 1; // weights[answer - 1] is the weight of predicting the answer
                for (int i = start; i < end; i++) {
                    if (i != answer) {
                        assertThat(row.weights()[i - 1]).as("weight of '%s'", words.get(i)).isEqualTo(1f);
                    }
                }
                if (String.join(" ", sentence).startsWith("new fact :")) {
                    if (asking) {
                        stated.clear(); // a new episode
                        asking = false;
                    }
                    assertThat(row.weights()[answer - 1]).as("a stated object").isZero();
                    if (!stated.isEmpty()) {
                        assertThat(relationOf(words.get(answer))).as("an episode's relation")
                                .isEqualTo(relationOf(stated.get(0)));
                    }
                    stated.add(words.get(answer));
                    statements++;
                } else {
                    asking = true;
                    assertThat(row.weights()[answer - 1]).as("a question's answer").isEqualTo(5f);
                    String subject = subjectOf(sentence);
                    int s = world.subjects().indexOf(subject);
                    int r = relationOf(words.get(answer));
                    if (!world.object(s, r).equals(words.get(answer))) {
                        assertThat(stated).contains(words.get(answer));
                        follows++;
                    } else {
                        distractors++;
                    }
                }
            }
        }
        assertThat(statements).isGreaterThan(40);
        assertThat(follows).isGreaterThan(20);
        assertThat(distractors).isGreaterThan(10);
    }

    /** The index of the first "." at or after {@code from}, or -1. */
    private static int next(List<String> words, int from) {
        int i = words.subList(from, words.size()).indexOf(".");
        return i < 0 ? -1 : from + i;
    }

    private String subjectOf(List<String> sentence) {
        String text = " " + String.join(" ", sentence) + " ";
        return world.subjects().stream().filter(name -> text.contains(" " + name + " ")).findFirst().orElseThrow();
    }

    private int relationOf(String object) {
        for (int r = 0; r < world.relations().size(); r++) {
            if (world.relations().get(r).objects().contains(object)) {
                return r;
            }
        }
        throw new AssertionError(object + " is no relation's object");
    }

    @Test
    void copyRowsRepeatOneSequenceAndLearnOnlyTheRepeats() {
        TrainingStream.Row row = stream(0, 0, 1.0, 4).batch(3, 1).get(0);
        int[] t = row.tokens();
        int period = 1;
        while (!matchesWithPeriod(t, period)) {
            period++;
        }
        assertThat(period).isBetween(6, 17);
        for (int i = 0; i < row.weights().length; i++) {
            assertThat(row.weights()[i]).as("weight of target %d", i + 1).isEqualTo(i + 1 <= period ? 0f : 1f);
        }
    }

    private static boolean matchesWithPeriod(int[] tokens, int period) {
        for (int i = 1 + period; i < tokens.length; i++) {
            if (tokens[i] != tokens[i - period]) {
                return false;
            }
        }
        return true;
    }
}
