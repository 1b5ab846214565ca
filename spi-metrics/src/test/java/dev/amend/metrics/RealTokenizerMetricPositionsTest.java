package dev.amend.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.amend.api.edit.Probe;
import dev.amend.models.hf.HfConfig;
import dev.amend.models.hf.HfTokenizer;
import dev.amend.testkit.RealTokenizers;
import dev.amend.toolkit.model.TeacherForcing;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The metric positions of EasyEdit's test_prediction_acc on real tokenizers (GPT-2, Llama-3, Qwen3, Gemma-3,
 * Mistral-7B; tools/tokenizers/fixtures): teacher forcing (BOS where the tokenizer adds one, the " " join, labels
 * after the prompt's own token count, multi-token targets) and the vanilla-generation target (tokenized alone, no
 * space, no special tokens), as tools/tokenizers/easyedit.py computes them from the reference tokenizer's ids.
 */
class RealTokenizerMetricPositionsTest {

    static final List<String> NAMES = RealTokenizers.NAMES;

    @ParameterizedTest
    @FieldSource("NAMES")
    void teacherForcingAndGenerationTargetsAreEasyEdits(String name) throws Exception {
        Path dir = RealTokenizers.directory(name);
        HfConfig config = HfConfig.read(dir);
        try (HfTokenizer tok = HfTokenizer.load(dir, config, config.requireInt("vocab_size"))) {
            for (JsonNode c : RealTokenizers.positions(name).path("cases")) {
                String prompt = c.path("template").asText().replace("{}", c.path("subject").asText());
                String target = c.path("target").asText();
                String what = name + " '" + prompt + "' + '" + target + "' ";
                JsonNode tf = c.path("teacher_forcing");
                TeacherForcing.Row row = TeacherForcing.decoderOnly(tok, new Probe(prompt, target));
                int[] labels = RealTokenizers.ids(tf.path("labels"));
                int[] input = RealTokenizers.ids(tf.path("input_ids"));
                assertThat(row.input()).as(what + "input").containsExactly(Arrays.copyOf(input, input.length - 1));
                assertThat(row.answer()).as(what + "labels").containsExactly(labels);
                assertThat(IntStream.range(0, labels.length).map(i -> row.promptEnd() + i).toArray())
                        .as(what + "positions").containsExactly(RealTokenizers.ids(tf.path("logit_positions")));
                JsonNode vg = c.path("vanilla_generation");
                assertThat(tok.encode(target, false)).as(what + "generation target")
                        .containsExactly(RealTokenizers.ids(vg.path("target_ids")));
                assertThat(tok.encode(prompt, true)).as(what + "generation prompt")
                        .containsExactly(RealTokenizers.ids(vg.path("input_ids")));
            }
        }
    }
}
