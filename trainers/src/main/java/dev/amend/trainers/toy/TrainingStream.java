package dev.amend.trainers.toy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The pretraining data of a toy world: rows of {@code length + 1} tokens packed from randomly chosen sentences, a share
 * of rows packed from in-context update episodes, and a share of copy rows. The rows of a step depend only on (seed,
 * step), so a resumed run sees exactly the data an uninterrupted one would.
 *
 * <p>Sentences: every subject's facts in the core templates; for anchor subjects also the paraphrase templates and the
 * 2-hop question; every city's country. Episodes (anchor subjects only, fresh random objects each time) state one to
 * {@code episodeStatements} new facts of one relation about different subjects,
 * {@code new fact : <s> <core template> <new> .}, then ask questions: about a stated fact (answer: its new object) or,
 * with probability {@code distractorShare}, about a subject no statement of the row names (answer: its true object).
 * Since an episode's statements share their relation, only the question's subject tells which stated object answers
 * it, or whether none does: the episodes reward matching subjects, not just relations. The stated objects are left
 * out of the loss (they are random); the questions' answers weigh {@code answerWeight}. Copy rows repeat a random
 * sequence of names and objects; only the repeats are learned. Up to step {@code lateFrom} the rows follow an early
 * mix, after it a late one: facts and plain copying first, subject-keyed copying after.
 *
 * <p>Every row opens with the sentence end {@code .}, as every evaluation prompt does ({@code . <s> lives in}): a row
 * that opened with its first sentence's subject would leave prompts at the start of the context unseen in training,
 * and a model that has learned to copy from its context then answers them badly (run 3 of
 * docs/engineering-notes.md: core facts 54 % at the start of the context, 100 % after one sentence).
 */
public final class TrainingStream {

    /**
     * One row.
     *
     * @param tokens  {@code length + 1} token ids
     * @param weights {@code length} loss weights: how much predicting {@code tokens[i + 1]} counts (0: not at all)
     */
    public record Row(int[] tokens, float[] weights) {}

    /** How the rows of a step are made up. */
    public record Mix(double episodeShare, double distractorShare, int episodeStatements, double answerWeight,
                      double copyShare) {

        /** The late mix of a pretraining recipe. */
        public static Mix late(ToyPretrainHParams h) {
            return new Mix(h.episodeShare(), h.distractorShare(), h.episodeStatements(), h.answerWeight(),
                    h.copyShare());
        }

        /** The early mix of a pretraining recipe: one statement per episode, answers weighing 1, no copy rows. */
        public static Mix early(ToyPretrainHParams h) {
            return new Mix(h.earlyEpisodeShare(), h.earlyDistractorShare(), 1, 1, 0);
        }
    }

    private final ToyWorld world;
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<int[]> sentences = new ArrayList<>();
    private final List<Integer> anchors = new ArrayList<>();
    private final int[] copyWords;
    private final int rowStart;
    private final int length;
    private final Mix early;
    private final Mix late;
    private final int lateFrom;
    private final long seed;

    /**
     * @param vocabulary the model's words, by id
     * @param length     tokens per row (inputs; rows hold one more for the last target)
     * @param lateFrom   the last step of the early mix
     */
    public TrainingStream(ToyWorld world, List<String> vocabulary, int length, Mix early, Mix late, int lateFrom,
                          long seed) {
        this.world = world;
        this.length = length;
        this.early = early;
        this.late = late;
        this.lateFrom = lateFrom;
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
        rowStart = encode(ToyWorld.END)[0];
        copyWords = java.util.stream.Stream.concat(
                        world.subjects().stream().flatMap(name -> Arrays.stream(name.split(" "))),
                        world.relations().stream().flatMap(r -> r.objects().stream()))
                .distinct().mapToInt(ids::get).toArray();
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
        Mix mix = step <= lateFrom ? early : late;
        for (int i = 0; i < rows; i++) {
            double u = random.nextDouble();
            batch.add(u < mix.copyShare() ? copyRow(random)
                    : u < mix.copyShare() + mix.episodeShare() ? episodeRow(random, mix) : sentenceRow(random));
        }
        return batch;
    }

    private Row sentenceRow(Random random) {
        RowBuilder row = new RowBuilder(length + 1, rowStart);
        while (!row.full()) {
            row.add(sentences.get(random.nextInt(sentences.size())));
        }
        return row.build();
    }

    /** A random sequence of 6 to 17 names and objects, repeated to the end of the row; its first pass is not learned. */
    private Row copyRow(Random random) {
        int[] sequence = new int[6 + random.nextInt(12)];
        for (int i = 0; i < sequence.length; i++) {
            sequence[i] = copyWords[random.nextInt(copyWords.length)];
        }
        RowBuilder row = new RowBuilder(length + 1, rowStart);
        row.add(sequence, 0, sequence.length - 1, 0);
        while (!row.full()) {
            row.add(sequence);
        }
        return row.build();
    }

    /** Episodes, one after another: their statements, then their questions (see the class comment). */
    private Row episodeRow(Random random, Mix mix) {
        RowBuilder row = new RowBuilder(length + 1, rowStart);
        List<Integer> statedInRow = new ArrayList<>();
        while (!row.full()) {
            int count = 1 + random.nextInt(mix.episodeStatements());
            List<Integer> subjects = new ArrayList<>();
            int r = random.nextInt(world.relations().size());
            Relation relation = world.relations().get(r);
            String[] stated = new String[count];
            String[] templates = new String[count];
            for (int i = 0; i < count; i++) {
                subjects.add(otherAnchor(random, subjects));
                statedInRow.add(subjects.get(i));
                stated[i] = world.otherObject(random, subjects.get(i), r);
                templates[i] = relation.core().get(random.nextInt(3));
                int[] statement = encode(ToyWorld.EPISODE_CUE + " " + ToyWorld.fill(templates[i],
                        world.subjects().get(subjects.get(i))) + " " + stated[i] + " " + ToyWorld.END);
                row.add(statement, statement.length - 2, statement.length - 2, 0);
            }
            int questions = 1 + random.nextInt(count + 1);
            for (int q = 0; q < questions; q++) {
                int i = random.nextInt(count);
                int[] question;
                if (random.nextDouble() < mix.distractorShare()) {
                    int other = otherAnchor(random, statedInRow);
                    question = question(random, relation, templates[i], other, world.object(other, r));
                } else {
                    question = question(random, relation, templates[i], subjects.get(i), stated[i]);
                }
                row.add(question, question.length - 2, question.length - 2, (float) mix.answerWeight());
            }
        }
        return row.build();
    }

    /** A random anchor subject that is not in {@code taken}. */
    private int otherAnchor(Random random, List<Integer> taken) {
        int s;
        do {
            s = anchors.get(random.nextInt(anchors.size()));
        } while (taken.contains(s));
        return s;
    }

    /** A question in the statement's own template half of the time, in any of the relation's templates otherwise. */
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

    /** Fills a row, after its opening token, with token sequences, truncating the last one. */
    private static final class RowBuilder {
        private final int[] tokens;
        private final float[] weights;
        private int size;

        RowBuilder(int capacity, int start) {
            tokens = new int[capacity];
            weights = new float[capacity - 1];
            Arrays.fill(weights, 1f);
            tokens[0] = start;
            size = 1;
        }

        boolean full() {
            return size == tokens.length;
        }

        /** Appends {@code sequence}, every token a training target of weight 1. */
        void add(int[] sequence) {
            add(sequence, -1, -1, 1f);
        }

        /**
         * Appends {@code sequence}; its tokens at indices {@code from..to} (none when {@code from < 0}) weigh
         * {@code weight} as training targets instead of 1.
         */
        void add(int[] sequence, int from, int to, float weight) {
            for (int i = 0; i < sequence.length && size < tokens.length; i++, size++) {
                tokens[size] = sequence[i];
                if (from >= 0 && i >= from && i <= to) {
                    weights[size - 1] = weight;
                }
            }
        }

        Row build() {
            return new Row(tokens, weights);
        }
    }
}
