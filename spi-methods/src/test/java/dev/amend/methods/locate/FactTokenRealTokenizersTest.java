package dev.amend.methods.locate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.amend.models.hf.HfConfig;
import dev.amend.models.hf.HfTokenizer;
import dev.amend.testkit.RealTokenizers;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Subject location on real tokenizers against EasyEdit: the positions in tools/tokenizers/fixtures/
 * easyedit-positions.json were computed by a Python transcription of EasyEdit's repr_tools.get_words_idxs_in_templates
 * / compute_v.find_fact_lookup_idx (tools/tokenizers/easyedit.py) from the ids of an independent tokenizer
 * implementation (@lenml/tokenizers); Amend tokenizes with HuggingFace's Rust library through HfTokenizer, so the test
 * checks both the ids and the positions.
 */
class FactTokenRealTokenizersTest {

    static final java.util.List<String> NAMES = RealTokenizers.NAMES;

    static HfTokenizer load(String name) throws Exception {
        Path dir = RealTokenizers.directory(name);
        HfConfig config = HfConfig.read(dir);
        return HfTokenizer.load(dir, config, config.requireInt("vocab_size"));
    }

    @ParameterizedTest
    @FieldSource("NAMES")
    void idsEqualTheReferenceImplementations(String name) throws Exception {
        JsonNode encodings = RealTokenizers.positions(name).path("encodings");
        assertThat(encodings.size()).isGreaterThan(40);
        try (HfTokenizer tok = load(name)) {
            for (Map.Entry<String, JsonNode> e : encodings.properties()) {
                assertThat(tok.encode(e.getKey(), true)).as(name + " special " + e.getKey())
                        .containsExactly(RealTokenizers.ids(e.getValue().path("special")));
                assertThat(tok.encode(e.getKey(), false)).as(name + " plain " + e.getKey())
                        .containsExactly(RealTokenizers.ids(e.getValue().path("plain")));
            }
        }
    }

    @ParameterizedTest
    @FieldSource("NAMES")
    void factTokensAreEasyEdits(String name) throws Exception {
        try (HfTokenizer tok = load(name)) {
            for (JsonNode c : RealTokenizers.positions(name).path("cases")) {
                String template = c.path("template").asText();
                String subject = c.path("subject").asText();
                String what = name + " '" + template + "' / '" + subject + "' ";
                JsonNode fact = c.path("fact_token");
                assertThat(FactToken.SUBJECT_LAST.index(tok, template, subject)).as(what + "subject_last")
                        .isEqualTo(fact.path("subject_last").asInt());
                assertThat(FactToken.SUBJECT_FIRST_AFTER_LAST.index(tok, template, subject))
                        .as(what + "subject_first_after_last").isEqualTo(fact.path("subject_first_after_last").asInt());
                assertThat(FactToken.SUBJECT_FIRST.index(tok, template, subject)).as(what + "subject_first")
                        .isEqualTo(c.path("subject_first_index").asInt());
                assertThat(FactToken.LAST.index(tok, template, subject)).as(what + "last")
                        .isEqualTo(fact.path("last").asInt());
                // the lookup of compute_v's rewriting prompts: the template carries decode(target_ids[:-1])
                for (String kind : new String[] {"rome", "memit"}) {
                    JsonNode rewriting = c.path(kind).path("rewriting");
                    assertThat(FactToken.SUBJECT_LAST.index(tok, rewriting.path("template").asText(), subject))
                            .as(what + kind + " rewriting prompt")
                            .isEqualTo(rewriting.path("fact_token_subject_last").asInt());
                    assertThat(tok.encode(c.path(kind).path("target_text").asText(), false))
                            .as(what + kind + " target")
                            .containsExactly(RealTokenizers.ids(c.path(kind).path("target_ids")));
                }
                JsonNode b = c.path("boundary");
                boolean spaceFused = b.path("prefix_space_fused").asBoolean();
                boolean clean = (b.path("start_is_token_boundary").asBoolean() || spaceFused)
                        && b.path("end_is_token_boundary").asBoolean();
                assertThat(FactToken.SUBJECT_LAST.locate(tok, template, subject).warning().isPresent())
                        .as(what + "boundary warning").isEqualTo(!clean);
                assertThat(FactToken.SUBJECT_FIRST.locate(tok, template, subject).warning().isPresent())
                        .as(what + "subject_first warning").isEqualTo(!clean || spaceFused
                                || c.path("fact_token").path("subject_first").asInt() >= 0);
                FactToken.SUBJECT_LAST.locate(tok, template, subject).warning()
                        .ifPresent(w -> System.out.println("BOUNDARY " + name + ": " + w));
            }
        }
    }
}
