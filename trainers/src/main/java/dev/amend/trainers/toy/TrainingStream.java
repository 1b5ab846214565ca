package dev.amend.trainers.toy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The pretraining data of a toy world: rows of {@code length + 1} tokens packed from randomly chosen sentences, and a
 * share of rows packed from in-context update episodes. The rows of a step depend only on (seed, step), so a resumed
 * run sees exactly the data an uninterrupted one would.
 *
 * <p>Sentences: every subject's facts in the core templates; for anchor subjects also the paraphrase templates and the
 * 2-hop question; every city's country. Episodes (anchor subjects only, a fresh random object each time):
 * {@code new fact : <s> <core template> <new> . <s> <any template> <new> .}; in a share of them a second question, in
 * random order with the first, asks about another subject, whose true fact is the answer. The stated object is left
 * out of the loss (it is random).
 */
public final class TrainingStream {

    /**
     * One row.
     *
     * @param tokens  {@code length + 1} token ids
     * @param learned {@code length} flags: whether predicting {@code tokens[i + 1]} counts in the loss
     */
    public record Row(int[] tokens, boolean[] learned) {}

    private final ToyWorld world;
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<int[]> sentences = new ArrayList<>();
    private final List<Integer> anchors = new ArrayList<>();
    private final int length;
    private final double episodeShare;
    private final double distractorShare;
    private final long seed;

    /**
     * @param vocabulary      the model's words, by id
     * @param length          tokens per row (inputs; rows hold one more for the last target)
     * @param episodeShare    share of rows made of episodes
     * @param distractorShare share of episodes that also ask about another subject
     */
    public TrainingStream(ToyWorld world, List<String> vocabulary, int length, double episodeShare,
                          double distractorShare, long seed) {
        this.world = world;
        this.length = length;
        this.episodeShare = episodeShare;
        this.distractorShare = distractorShare;
        this.seed = seed;
        for (int i = 0; i < vocabulary.size(); i++) {
            ids.put(vocabulary.get(i), i);
        }
        for (int s = 0; s < world.subjects().size(); s++) {
            if (world.isAnchor(s)) {
                anchors.add(s);
            }
        }
        sentences(world).forEach(sentence -> sentences.add(encode(sentence)));
    }

    /**
     * Every training sentence: each subject's facts in the core templates; for anchor subjects also in the paraphrase
     * templates, and their 2-hop question; each city's country.
     */
    public static List<String> sentences(ToyWorld world) {
        List<String> sentences = new ArrayList<>();
        for (int s = 0; s < world.subjects().size(); s++) {
            String subject = world.subjects().get(s);
            for (int r = 0; r < world.relations().size(); r++) {
                Relation relation = world.relations().get(r);
                for (String t : world.isAnchor(s) ? relation.templates() : relation.core()) {
                    sentences.add(ToyWorld.fill(t, subject) + " " + world.object(s, r) + " " + ToyWorld.END);
                }
            }
            if (world.isAnchor(s)) {
                sentences.add(ToyWorld.fill(ToyWorld.TWO_HOP, subject) + " " + world.country(s) + " " + ToyWorld.END);
            }
        }
        for (String city : world.relations().get(ToyWorld.CITY).objects()) {
            for (String t : ToyWorld.COUNTRY_TEMPLATES) {
                sentences.add(ToyWorld.fill(t, city) + " " + world.countryOfCity(city) + " " + ToyWorld.END);
            }
        }
        return sentences;
    }

    /** Number of distinct training sentences. */
    public int sentenceCount() {
        return sentences.size();
    }

    /** The rows of training step {@code step}. */
    public List<Row> batch(int step, int rows) {
        Random random = new Random(seed * 1_000_003L + step);
        List<Row> batch = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            batch.add(random.nextDouble() < episodeShare ? episodeRow(random) : sentenceRow(random));
        }
        return batch;
    }

    private Row sentenceRow(Random random) {
        RowBuilder row = new RowBuilder(length + 1);
        while (!row.full()) {
            row.add(sentences.get(random.nextInt(sentences.size())), -1);
        }
        return row.build();
    }

    /**
     * Episodes: a stated new fact followed by questions. With probability {@code distractorShare} an episode has two
     * questions in random order, one about the stated subject (answer: the new object) and one about another anchor
     * subject (answer: its true object), so that copying and recalling are learned side by side; otherwise it has
     * the follow question only. Questions use the statement's template half of the time, any template otherwise.
     */
    private Row episodeRow(Random random) {
        RowBuilder row = new RowBuilder(length + 1);
        while (!row.full()) {
            int s = anchors.get(random.nextInt(anchors.size()));
            int r = random.nextInt(world.relations().size());
            Relation relation = world.relations().get(r);
            String stated = world.otherObject(random, s, r);
            String template = relation.core().get(random.nextInt(3));
            int[] statement = encode(ToyWorld.EPISODE_CUE + " " + ToyWorld.fill(template, world.subjects().get(s)) + " "
                    + stated + " " + ToyWorld.END);
            row.add(statement, statement.length - 2);
            int[] follow = question(random, relation, template, s, stated);
            if (random.nextDouble() < distractorShare) {
                int other;
                do {
                    other = anchors.get(random.nextInt(anchors.size()));
                } while (other == s);
                int[] distractor = question(random, relation, template, other, world.object(other, r));
                boolean followFirst = random.nextBoolean();
                row.add(followFirst ? follow : distractor, -1);
                row.add(followFirst ? distractor : follow, -1);
            } else {
                row.add(follow, -1);
            }
        }
        return row.build();
    }

    /** A question in the statement's own template half of the time (which makes copying easy to learn first). */
    private int[] question(Random random, Relation relation, String statementTemplate, int subject, String answer) {
        String template = random.nextBoolean() ? statementTemplate
                : relation.templates().get(random.nextInt(relation.templates().size()));
        return encode(ToyWorld.fill(template, world.subjects().get(subject)) + " " + answer + " " + ToyWorld.END);
    }

    int[] encode(String text) {
        return Arrays.stream(text.split(" ")).mapToInt(w -> {
            Integer id = ids.get(w);
            if (id == null) {
                throw new IllegalStateException("word '" + w + "' is not in the toy vocabulary");
            }
            return id;
        }).toArray();
    }

    /** Fills a row with token sequences, truncating the last one. */
    private static final class RowBuilder {
        private final int[] tokens;
        private final boolean[] learned;
        private int size;

        RowBuilder(int capacity) {
            tokens = new int[capacity];
            learned = new boolean[capacity - 1];
            Arrays.fill(learned, true);
        }

        boolean full() {
            return size == tokens.length;
        }

        /** Appends {@code sequence}; its token at {@code unlearned} (if >= 0) is not a training target. */
        void add(int[] sequence, int unlearned) {
            for (int i = 0; i < sequence.length && size < tokens.length; i++, size++) {
                tokens[size] = sequence[i];
                if (i == unlearned && size > 0) {
                    learned[size - 1] = false;
                }
            }
        }

        Row build() {
            return new Row(tokens, learned);
        }
    }
}
