package dev.amend.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.amend.api.InvalidInputException;
import dev.amend.api.model.LanguageModel;
import dev.amend.api.model.LoadOptions;
import dev.amend.api.model.TokenBatch;
import dev.amend.registry.AmendRuntime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every adapter refuses an input longer than its positions as bad input, naming the text (abbreviated), its length in
 * tokens and the model's limit, before any computation; the weights are untouched.
 */
class InputLengthTest {

    private static final String LONG = "The capital of France is Paris. ".repeat(320);   // 10,240 characters

    static Stream<String> fixtures() {
        return Fixture.all().stream().map(Fixture::name);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void anOverLongPromptIsRefusedNamingItsLengthAndTheLimit(String fixture) throws Exception {
        try (LanguageModel model = AmendRuntime.create(null).models().load(Fixture.of(fixture).directory(),
                LoadOptions.cpu()); NDManager m = NDManager.newBaseManager()) {
            String before = model.weights().fingerprint();
            int[] ids = model.tokenizer().encode(LONG, true);
            int limit = model.spec().maxPositions();
            // the text as the model's tokenizer gives it back (the T5 fixture's small vocabulary drops letters)
            String start = model.tokenizer().decode(java.util.Arrays.copyOf(ids, 20)).strip().substring(0, 8);
            assertThat(ids.length).isGreaterThan(limit);
            String expected = "is " + ids.length + " tokens long; " + model.spec().modelType()
                    + " takes at most " + limit;
            TokenBatch batch = model.spec().architecture() == dev.amend.api.model.Architecture.ENCODER_DECODER
                    ? TokenBatch.encoderDecoder(List.of(ids), List.of(new int[] {0})) : TokenBatch.of(ids);
            assertThatThrownBy(() -> model.forward(m, batch)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(expected).hasMessageContaining("input \"" + start)
                    .hasMessageContaining("…\" is ");
            assertThatThrownBy(() -> model.generate(List.of(ids), 3)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(expected);
            assertThat(model.weights().fingerprint()).isEqualTo(before);
        }
    }
}
