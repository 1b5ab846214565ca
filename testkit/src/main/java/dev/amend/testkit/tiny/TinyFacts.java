package dev.amend.testkit.tiny;

import dev.amend.api.edit.EditRequest;
import dev.amend.api.edit.Probe;
import java.util.List;

/** Edit requests written in the tiny vocabulary, with rephrases, locality and portability probes. */
public final class TinyFacts {

    private TinyFacts() {}

    /** {@return three requests about different subjects} */
    public static List<EditRequest> requests() {
        return List.of(
                EditRequest.of("the capital of {} is", "france", "berlin").withGroundTruth("paris")
                        .withRephrases(List.of("the capital city of france is"))
                        .withLocality("neighborhood", List.of(new Probe("the capital of italy is", "rome")))
                        .withPortability("one_hop", List.of(new Probe("the language of the capital of france is",
                                "german"))),
                EditRequest.of("alice smith lives in", "alice smith", "tokyo").withGroundTruth("paris")
                        .withRephrases(List.of("the city alice smith lives in is"))
                        .withLocality("neighborhood", List.of(new Probe("bob jones lives in", "madrid"))),
                EditRequest.of("carol jones works as a", "carol jones", "pilot").withGroundTruth("teacher")
                        .withRephrases(List.of("carol jones is a"))
                        .withLocality("other_relation", List.of(new Probe("carol jones speaks", "french"))));
    }
}
