package dev.amend.trainers.toy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.amend.toolkit.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;

/**
 * Writes a toy world as editing data sets in the exact schemas of the public ones, plus the plain training corpus:
 * <ul>
 *   <li>{@code zsre_mend_eval.json} (one edit per held-out subject) and {@code zsre_mend_train.json} (five edits per
 *       anchor subject): ZsRE in MEND's split keys {@code subject, src, pred, rephrase, alt, answers, loc, loc_ans,
 *       cond}; the two splits have disjoint subjects; city edits also carry EasyEdit's ZsRE portability field
 *       {@code portability: {New Question, New Answer}}, the 2-hop home-country question;</li>
 *   <li>{@code zsre_mend_sequential.json}: every fact of every held-out subject (1,000 edits) in random order, for
 *       sequential editing; its locality probes are anchor subjects' facts, which no record of it edits;</li>
 *   <li>{@code counterfact.json}: ROME's CounterFact ({@code requested_rewrite}, paraphrase, neighborhood, attribute and
 *       generation prompts);</li>
 *   <li>{@code knowedit.json}: KnowEdit ({@code prompt, subject, target_new, ground_truth, rephrase, portability,
 *       locality}); portability is the 2-hop home-country question, locality the same subject's other relations
 *       and other subjects' facts;</li>
 *   <li>{@code mquake.json}: MQuAKE-style 2-hop cases (city edits, home-country questions);</li>
 *   <li>{@code corpus.txt}: every training sentence, one per line (for second-moment statistics).</li>
 * </ul>
 * Evaluation edits are about held-out subjects, whose paraphrases were never trained: their rephrases measure
 * generalization. Every prompt starts with ". " as mid-row sentences do.
 */
public final class ToyExports {

    /** The files written, in order. */
    public static final List<String> FILES = List.of("world.json", "zsre_mend_eval.json", "zsre_mend_train.json",
            "zsre_mend_sequential.json", "counterfact.json", "knowedit.json", "mquake.json", "corpus.txt");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String START = ToyWorld.END + " ";

    private final ToyWorld world;

    private ToyExports(ToyWorld world) {
        this.world = world;
    }

    /** Writes every file into {@code dir}, deterministically from the world's seed. */
    public static void write(ToyWorld world, Path dir) throws IOException {
        Files.createDirectories(dir);
        AtomicFiles.recoverFiles(dir);
        new ToyExports(world).writeAll(dir);
        world.write(dir.resolve("world.json"));   // last: its presence says that the data sets are all there
    }

    /** One edit: subject s's relation r changes to {@code target}; {@code template} is the edit prompt's. */
    private record Edit(int subject, int relation, int template, String target) {}

    private void writeAll(Path dir) throws IOException {
        Random random = new Random(world.seed() * 31 + 7);
        List<Edit> eval = new ArrayList<>();
        List<Edit> train = new ArrayList<>();
        List<Edit> cityEdits = new ArrayList<>();
        for (int s = 0; s < world.subjects().size(); s++) {
            if (world.isAnchor(s)) {
                for (int r = 0; r < world.relations().size(); r++) {
                    train.add(new Edit(s, r, random.nextInt(3), world.otherObject(random, s, r)));
                }
            } else {
                int r = random.nextInt(world.relations().size());
                eval.add(new Edit(s, r, random.nextInt(3), world.otherObject(random, s, r)));
                cityEdits.add(new Edit(s, ToyWorld.CITY, random.nextInt(3), world.otherObject(random, s, ToyWorld.CITY)));
            }
        }
        ArrayNode zsreEval = JSON.createArrayNode();
        eval.forEach(e -> zsreEval.add(zsre(e, random)));
        ArrayNode zsreTrain = JSON.createArrayNode();
        train.forEach(e -> zsreTrain.add(zsre(e, random)));
        ArrayNode counterFact = JSON.createArrayNode();
        ArrayNode knowEdit = JSON.createArrayNode();
        for (int i = 0; i < eval.size(); i++) {
            counterFact.add(counterFact(i, eval.get(i), random));
            knowEdit.add(knowEdit(eval.get(i), random));
        }
        ArrayNode mquake = JSON.createArrayNode();
        for (int i = 0; i < cityEdits.size(); i++) {
            mquake.add(mquake(i, cityEdits.get(i)));
        }
        writeJson(dir.resolve("zsre_mend_eval.json"), zsreEval);
        writeJson(dir.resolve("zsre_mend_train.json"), zsreTrain);
        writeJson(dir.resolve("counterfact.json"), counterFact);
        writeJson(dir.resolve("knowedit.json"), knowEdit);
        writeJson(dir.resolve("mquake.json"), mquake);
        writeJson(dir.resolve("zsre_mend_sequential.json"), sequential());
        AtomicFiles.write(dir.resolve("corpus.txt"), staging -> Files.write(staging, TrainingStream.sentences(world)));
    }

    private static void writeJson(Path file, Object value) throws IOException {
        AtomicFiles.write(file, staging -> JSON.writeValue(staging.toFile(), value));
    }

    /** Every held-out fact as an edit, shuffled; drawn from its own random stream so the other files stay as they were. */
    private ArrayNode sequential() {
        Random random = new Random(world.seed() * 31 + 11);
        List<Edit> edits = new ArrayList<>();
        for (int s = 0; s < world.subjects().size(); s++) {
            for (int r = 0; r < world.relations().size() && !world.isAnchor(s); r++) {
                edits.add(new Edit(s, r, random.nextInt(3), world.otherObject(random, s, r)));
            }
        }
        Collections.shuffle(edits, random);
        ArrayNode records = JSON.createArrayNode();
        edits.forEach(e -> records.add(zsre(e, random, world::isAnchor)));
        return records;
    }

    private String subject(int s) {
        return world.subjects().get(s);
    }

    private Relation relation(Edit e) {
        return world.relations().get(e.relation());
    }

    private String prompt(Edit e) {
        return START + ToyWorld.fill(relation(e).core().get(e.template()), subject(e.subject()));
    }

    /** The 2-hop question: subject s's home country, the country of the city s lives in. */
    private String twoHop(int s) {
        return START + ToyWorld.fill(ToyWorld.TWO_HOP, subject(s));
    }

    /** A subject other than s among the allowed, preferring one that shares a name token (a natural neighbour). */
    private int neighbour(int s, Random random, IntPredicate allowed) {
        String[] name = subject(s).split(" ");
        List<Integer> sharing = new ArrayList<>();
        for (int o = 0; o < world.subjects().size(); o++) {
            String[] other = subject(o).split(" ");
            if (o != s && allowed.test(o) && (other[0].equals(name[0]) || other[1].equals(name[1]))) {
                sharing.add(o);
            }
        }
        if (!sharing.isEmpty()) {
            return sharing.get(random.nextInt(sharing.size()));
        }
        int o;
        do {
            o = random.nextInt(world.subjects().size());
        } while (o == s || !allowed.test(o));
        return o;
    }

    private ObjectNode zsre(Edit e, Random random) {
        return zsre(e, random, o -> true);
    }

    private ObjectNode zsre(Edit e, Random random, IntPredicate neighbours) {
        int s = e.subject();
        int n = neighbour(s, random, neighbours);
        String truth = world.object(s, e.relation());
        ObjectNode r = JSON.createObjectNode();
        r.put("subject", subject(s));
        r.put("src", prompt(e));
        r.put("pred", truth);
        r.put("rephrase", START + ToyWorld.fill(relation(e).paraphrases().get(random.nextInt(2)), subject(s)));
        r.put("alt", e.target());
        r.putArray("answers").add(truth);
        Relation other = world.relations().get(e.relation());
        r.put("loc", START + ToyWorld.fill(other.core().get(random.nextInt(3)), subject(n)));
        r.put("loc_ans", world.object(n, e.relation()));
        r.put("cond", truth + " >> " + e.target() + " || " + prompt(e));
        if (e.relation() == ToyWorld.CITY) {
            r.putObject("portability").put("New Question", twoHop(s)).put("New Answer", world.countryOfCity(e.target()));
        }
        return r;
    }

    private ObjectNode counterFact(int id, Edit e, Random random) {
        int s = e.subject();
        int r = e.relation();
        String truth = world.object(s, r);
        ObjectNode c = JSON.createObjectNode();
        c.put("case_id", id);
        c.put("pararel_idx", id);
        ObjectNode rewrite = c.putObject("requested_rewrite");
        rewrite.put("prompt", START + relation(e).core().get(e.template()));
        rewrite.put("relation_id", relation(e).name());
        rewrite.putObject("target_new").put("str", e.target()).put("id", e.target());
        rewrite.putObject("target_true").put("str", truth).put("id", truth);
        rewrite.put("subject", subject(s));
        ArrayNode paraphrases = c.putArray("paraphrase_prompts");
        relation(e).paraphrases().forEach(t -> paraphrases.add(START + ToyWorld.fill(t, subject(s))));
        ArrayNode neighbours = c.putArray("neighborhood_prompts");
        ArrayNode attributes = c.putArray("attribute_prompts");
        for (int o = 0; o < world.subjects().size() && (neighbours.size() < 5 || attributes.size() < 5); o++) {
            if (o == s) {
                continue;
            }
            String template = relation(e).core().get(random.nextInt(3));
            if (world.object(o, r).equals(truth) && neighbours.size() < 5) {
                neighbours.add(START + ToyWorld.fill(template, subject(o)));
            } else if (world.object(o, r).equals(e.target()) && attributes.size() < 5) {
                attributes.add(START + ToyWorld.fill(template, subject(o)));
            }
        }
        ArrayNode generation = c.putArray("generation_prompts");
        relation(e).core().forEach(t -> generation.add(START + ToyWorld.fill(t, subject(s))));
        return c;
    }

    private ObjectNode knowEdit(Edit e, Random random) {
        int s = e.subject();
        ObjectNode k = JSON.createObjectNode();
        k.put("subject", subject(s));
        k.put("prompt", prompt(e));
        k.put("target_new", e.target());
        k.put("ground_truth", world.object(s, e.relation()));
        k.put("rephrase", START + ToyWorld.fill(relation(e).paraphrases().get(random.nextInt(2)), subject(s)));
        ObjectNode portability = k.putObject("portability");
        if (e.relation() == ToyWorld.CITY) {
            portability.putArray("Reasoning").addObject()
                    .put("prompt", twoHop(s))
                    .put("ground_truth", world.countryOfCity(e.target()));
        }
        ObjectNode locality = k.putObject("locality");
        ArrayNode specificity = locality.putArray("Relation_Specificity");
        for (int r = 0; r < world.relations().size(); r++) {
            if (r != e.relation()) {
                specificity.addObject()
                        .put("prompt", START + ToyWorld.fill(world.relations().get(r).core().get(random.nextInt(3)),
                                subject(s)))
                        .put("ground_truth", world.object(s, r));
            }
        }
        int n = neighbour(s, random, o -> true);
        locality.putArray("Neighborhood").addObject()
                .put("prompt", START + ToyWorld.fill(relation(e).core().get(random.nextInt(3)), subject(n)))
                .put("ground_truth", world.object(n, e.relation()));
        return k;
    }

    private ObjectNode mquake(int id, Edit e) {
        int s = e.subject();
        String oldCity = world.object(s, ToyWorld.CITY);
        Relation city = world.relations().get(ToyWorld.CITY);
        ObjectNode q = JSON.createObjectNode();
        q.put("case_id", id);
        ArrayNode rewrites = q.putArray("requested_rewrite");
        ObjectNode rewrite = rewrites.addObject();
        rewrite.put("prompt", START + city.core().get(e.template()));
        rewrite.put("relation_id", city.name());
        rewrite.putObject("target_new").put("str", e.target()).put("id", e.target());
        rewrite.putObject("target_true").put("str", oldCity).put("id", oldCity);
        rewrite.put("subject", subject(s));
        rewrite.put("question", START + ToyWorld.fill(city.core().get(e.template()), subject(s)));
        q.putArray("questions").add(twoHop(s));
        q.put("answer", world.country(s));
        q.putArray("answer_alias");
        q.put("new_answer", world.countryOfCity(e.target()));
        q.putArray("new_answer_alias");
        hops(q.putArray("single_hops"), s, oldCity);
        hops(q.putArray("new_single_hops"), s, e.target());
        return q;
    }

    private void hops(ArrayNode hops, int s, String city) {
        hops.addObject().put("question", START + ToyWorld.fill(world.relations().get(ToyWorld.CITY).core().get(0),
                subject(s))).put("cloze", START + ToyWorld.fill(world.relations().get(ToyWorld.CITY).core().get(0),
                subject(s))).put("answer", city);
        String countryPrompt = START + ToyWorld.fill(ToyWorld.COUNTRY_TEMPLATES.get(0), city);
        hops.addObject().put("question", countryPrompt).put("cloze", countryPrompt)
                .put("answer", world.countryOfCity(city));
    }
}
