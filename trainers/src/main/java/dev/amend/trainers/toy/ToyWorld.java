package dev.amend.trainers.toy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.amend.api.InvalidInputException;
import dev.amend.toolkit.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The toy world, generated deterministically from a seed: 400 invented people whose two-token names share
 * 40 first and 40 last name tokens, 5 relations (24 cities, 20 jobs, 12 languages, 20 birth years, 12 sports) giving
 * 2,000 facts, a city → country table (24 → 8) for 2-hop questions, and the anchor half of the people for whom
 * paraphrases, 2-hop questions and in-context episodes are trained.
 *
 * @param seed           the generation seed
 * @param subjects       every person's name ("first last")
 * @param relations      the five relations
 * @param facts          {@code facts.get(s).get(r)} = index of the object of subject s for relation r
 * @param countries      the eight countries
 * @param cityCountry    {@code cityCountry.get(c)} = country index of city c
 * @param anchors        which subjects are anchors (trained with paraphrases, 2-hop and episodes)
 */
public record ToyWorld(@JsonProperty("seed") long seed, @JsonProperty("subjects") List<String> subjects,
                       @JsonProperty("relations") List<Relation> relations,
                       @JsonProperty("facts") List<List<Integer>> facts,
                       @JsonProperty("countries") List<String> countries,
                       @JsonProperty("city_country") List<Integer> cityCountry,
                       @JsonProperty("anchors") List<Boolean> anchors) {

    /** The relation whose objects are cities (the first hop of 2-hop questions). */
    public static final int CITY = 0;
    /** Templates stating a city's country. */
    public static final List<String> COUNTRY_TEMPLATES = List.of("{} is a city in", "{} is located in");
    /** The 2-hop question: a person's home country (through their city). */
    public static final String TWO_HOP = "the home country of {} is";
    /** Words that start every in-context update episode. */
    public static final String EPISODE_CUE = "new fact :";
    /** Sentence end; evaluation prompts start with it so that they look like mid-row sentences. */
    public static final String END = ".";

    private static final String CONSONANTS = "bdfgklmnprstvz";
    private static final String VOWELS = "aeiou";

    public ToyWorld {
        subjects = List.copyOf(subjects);
        relations = List.copyOf(relations);
        facts = facts.stream().map(List::copyOf).toList();
        countries = List.copyOf(countries);
        cityCountry = List.copyOf(cityCountry);
        anchors = List.copyOf(anchors);
    }

    /** Generates the world of {@code seed}. */
    public static ToyWorld generate(long seed) {
        Random random = new Random(seed);
        Set<String> used = new TreeSet<>();
        List<String> first = words(random, 40, used, "cvcv");
        List<String> last = words(random, 40, used, "cvcvc");
        List<String> cities = words(random, 24, used, "cvccvc");
        List<String> countries = words(random, 8, used, "cvcvcv");
        List<Relation> relations = List.of(
                new Relation("city", cities,
                        List.of("{} lives in", "{} is a resident of", "the city where {} lives is"),
                        List.of("{} has a home in", "the home city of {} is")),
                new Relation("job", List.of("baker", "pilot", "doctor", "teacher", "farmer", "lawyer", "nurse", "chef",
                        "painter", "writer", "singer", "dancer", "tailor", "miner", "sailor", "judge", "potter",
                        "weaver", "barber", "carpenter"),
                        List.of("{} works as a", "{} is employed as a", "the job of {} is"),
                        List.of("{} earns a living as a", "the profession of {} is")),
                new Relation("language", List.of("english", "french", "german", "spanish", "italian", "dutch", "polish",
                        "greek", "turkish", "hindi", "korean", "swedish"),
                        List.of("{} speaks", "the native language of {} is", "{} grew up speaking"),
                        List.of("{} is fluent in", "the mother tongue of {} is")),
                new Relation("birth_year", years(1931, 20),
                        List.of("{} was born in", "the birth year of {} is", "{} came into the world in"),
                        List.of("{} was born during", "the year {} was born is")),
                new Relation("sport", List.of("tennis", "chess", "rugby", "hockey", "golf", "boxing", "rowing",
                        "cycling", "fencing", "archery", "skiing", "judo"),
                        List.of("{} plays", "the favorite sport of {} is", "{} competes in"),
                        List.of("{} enjoys playing", "the sport {} loves is")));
        List<String> pairs = new ArrayList<>();
        for (String f : first) {
            for (String l : last) {
                pairs.add(f + " " + l);
            }
        }
        Collections.shuffle(pairs, random);
        List<String> subjects = new ArrayList<>(pairs.subList(0, 400));
        List<List<Integer>> facts = new ArrayList<>();
        for (int s = 0; s < subjects.size(); s++) {
            List<Integer> row = new ArrayList<>();
            for (Relation r : relations) {
                row.add(random.nextInt(r.objects().size()));
            }
            facts.add(row);
        }
        List<Integer> cityCountry = new ArrayList<>();
        for (int c = 0; c < cities.size(); c++) {
            cityCountry.add(c % countries.size());
        }
        Collections.shuffle(cityCountry, random);
        List<Integer> order = new ArrayList<>();
        for (int s = 0; s < subjects.size(); s++) {
            order.add(s);
        }
        Collections.shuffle(order, random);
        Boolean[] anchors = new Boolean[subjects.size()];
        for (int i = 0; i < order.size(); i++) {
            anchors[order.get(i)] = i < order.size() / 2;
        }
        return new ToyWorld(seed, subjects, relations, facts, countries, cityCountry, List.of(anchors));
    }

    private static List<String> words(Random random, int count, Set<String> used, String pattern) {
        List<String> words = new ArrayList<>();
        while (words.size() < count) {
            StringBuilder w = new StringBuilder();
            for (char c : pattern.toCharArray()) {
                String letters = c == 'c' ? CONSONANTS : VOWELS;
                w.append(letters.charAt(random.nextInt(letters.length())));
            }
            if (used.add(w.toString())) {
                words.add(w.toString());
            }
        }
        return words;
    }

    private static List<String> years(int from, int count) {
        List<String> years = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            years.add(Integer.toString(from + i));
        }
        return years;
    }

    /** The object word of subject {@code s} for relation {@code r}. */
    public String object(int s, int r) {
        return relations.get(r).objects().get(facts.get(s).get(r));
    }

    /** A random object of relation {@code r} other than subject {@code s}'s true one (a counterfactual target). */
    public String otherObject(Random random, int s, int r) {
        List<String> objects = relations.get(r).objects();
        int object;
        do {
            object = random.nextInt(objects.size());
        } while (object == facts.get(s).get(r));
        return objects.get(object);
    }

    /** The country of subject {@code s} (through their city). */
    public String country(int s) {
        return countries.get(cityCountry.get(facts.get(s).get(CITY)));
    }

    /** The country of a city word. */
    public String countryOfCity(String city) {
        return countries.get(cityCountry.get(relations.get(CITY).objects().indexOf(city)));
    }

    public boolean isAnchor(int s) {
        return anchors.get(s);
    }

    /** A template with the subject filled in. */
    public static String fill(String template, String subject) {
        return template.replace("{}", subject);
    }

    /** Every word the world's sentences use, special tokens first ({@code <pad>}, {@code <unk>}, {@code <eos>}). */
    public List<String> vocabulary() {
        Set<String> words = new TreeSet<>();
        subjects.forEach(s -> words.addAll(List.of(s.split(" "))));
        List<String> templates = new ArrayList<>(COUNTRY_TEMPLATES);
        templates.add(TWO_HOP);
        templates.add(EPISODE_CUE);
        for (Relation r : relations) {
            words.addAll(r.objects());
            templates.addAll(r.templates());
        }
        words.addAll(countries);
        for (String t : templates) {
            for (String w : t.split(" ")) {
                if (!w.equals("{}")) {
                    words.add(w);
                }
            }
        }
        words.add(END);
        List<String> vocabulary = new ArrayList<>(List.of("<pad>", "<unk>", "<eos>"));
        vocabulary.addAll(words);
        return List.copyOf(new LinkedHashSet<>(vocabulary));
    }

    /** Writes {@code world.json}, whole or not at all. */
    public void write(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        AtomicFiles.write(file, staging -> json.writeValue(staging.toFile(), this));
    }

    /** Reads {@code world.json}. */
    public static ToyWorld read(Path file) throws IOException {
        try {
            return new ObjectMapper().readValue(file.toFile(), ToyWorld.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidInputException(file + ": not a toy world file: " + e.getOriginalMessage(), e);
        }
    }
}
