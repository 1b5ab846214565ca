package dev.amend.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.amend.api.InvalidInputException;
import dev.amend.api.model.LoadOptions;
import dev.amend.registry.AmendRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every adapter checks config.json's sizes before anything is allocated: zero, negative and absurd values fail at once
 * with a message naming config.json, the field, the value and what was expected.
 */
class ConfigValidationTest {

    @TempDir
    Path temp;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("gpt2", "n_head", 0), Arguments.of("gpt2", "vocab_size", -5),
                Arguments.of("gpt2", "n_layer", Integer.MAX_VALUE), Arguments.of("gpt2", "n_embd", 0),
                Arguments.of("gpt2", "n_positions", -1), Arguments.of("gpt2", "n_inner", 0),
                Arguments.of("gpt2", "eos_token_id", -5), Arguments.of("gpt2", "eos_token_id", 336),
                Arguments.of("gptj", "n_head", 0), Arguments.of("gptj", "vocab_size", -5),
                Arguments.of("gptj", "n_layer", Integer.MAX_VALUE), Arguments.of("gptj", "n_positions", 0),
                Arguments.of("llama", "num_attention_heads", 0), Arguments.of("llama", "num_key_value_heads", 0),
                Arguments.of("llama", "vocab_size", -5), Arguments.of("llama", "num_hidden_layers", Integer.MAX_VALUE),
                Arguments.of("llama", "hidden_size", 0), Arguments.of("llama", "intermediate_size", -1),
                Arguments.of("llama", "head_dim", 0), Arguments.of("llama", "max_position_embeddings", 0),
                Arguments.of("llama", "pad_token_id", -1),
                Arguments.of("mistral-bf16", "sliding_window", -4),
                Arguments.of("qwen2", "num_attention_heads", 0), Arguments.of("qwen2", "vocab_size", -5),
                Arguments.of("neox", "num_attention_heads", 0), Arguments.of("neox", "vocab_size", -5),
                Arguments.of("neox", "num_hidden_layers", Integer.MAX_VALUE), Arguments.of("neox", "intermediate_size", 0),
                Arguments.of("t5", "num_heads", 0), Arguments.of("t5", "vocab_size", -5),
                Arguments.of("t5", "num_layers", Integer.MAX_VALUE), Arguments.of("t5", "num_decoder_layers", 0),
                Arguments.of("t5", "d_kv", 0), Arguments.of("t5", "d_ff", -1), Arguments.of("t5", "d_model", 0),
                Arguments.of("t5", "relative_attention_num_buckets", 0),
                Arguments.of("t5", "decoder_start_token_id", -3));
    }

    @ParameterizedTest(name = "{0}: {1} = {2}")
    @MethodSource("cases")
    void aBadSizeIsRefusedAtOnceNamingTheField(String fixture, String field, int value) throws IOException {
        Path dir = copy(fixture);
        Path config = dir.resolve("config.json");
        ObjectMapper json = new ObjectMapper();
        ObjectNode node = (ObjectNode) json.readTree(config.toFile());
        node.put(field, value);
        json.writeValue(config.toFile(), node);
        long start = System.nanoTime();
        assertThatThrownBy(() -> AmendRuntime.create(null).models().load(dir, LoadOptions.cpu()).close())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(config + ": '" + field + "' is " + value + ", expected ");
        assertThat((System.nanoTime() - start) / 1e9).as("seconds to refuse").isLessThan(10);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("epsilons")
    void aNormEpsilonThatIsNotPositiveIsRefused(String fixture, String field) throws IOException {
        Path dir = copy(fixture);
        Path config = dir.resolve("config.json");
        ObjectMapper json = new ObjectMapper();
        ObjectNode node = (ObjectNode) json.readTree(config.toFile());
        node.put(field, -1e-5);
        json.writeValue(config.toFile(), node);
        assertThatThrownBy(() -> AmendRuntime.create(null).models().load(dir, LoadOptions.cpu()).close())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(config + ": '" + field + "' is -1.0E-5, expected a number above 0");
    }

    static Stream<Arguments> epsilons() {
        return Stream.of(Arguments.of("gpt2", "layer_norm_epsilon"), Arguments.of("gptj", "layer_norm_epsilon"),
                Arguments.of("llama", "rms_norm_eps"), Arguments.of("neox", "layer_norm_eps"),
                Arguments.of("t5", "layer_norm_epsilon"));
    }

    private Path copy(String fixture) throws IOException {
        return Fixture.of(fixture).copyTo(temp);
    }
}
