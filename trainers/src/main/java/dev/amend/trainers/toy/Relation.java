package dev.amend.trainers.toy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One relation of the toy world. Templates are prompts with {@code {}} for the subject; the object follows the
 * prompt (so every template is "subject-last" with respect to the answer).
 *
 * @param name        identifier (city, job, language, birth_year, sport)
 * @param objects     its possible objects, each one word
 * @param core        trained for every subject
 * @param paraphrases trained for anchor subjects only; held out for the others
 */
public record Relation(@JsonProperty("name") String name, @JsonProperty("objects") List<String> objects,
                       @JsonProperty("core") List<String> core, @JsonProperty("paraphrases") List<String> paraphrases) {

    public Relation {
        objects = List.copyOf(objects);
        core = List.copyOf(core);
        paraphrases = List.copyOf(paraphrases);
    }

    /** Every template, core first. */
    public List<String> templates() {
        return java.util.stream.Stream.concat(core.stream(), paraphrases.stream()).toList();
    }
}
