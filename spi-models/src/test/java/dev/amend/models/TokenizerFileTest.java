package dev.amend.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amend.api.InvalidInputException;
import dev.amend.api.model.LoadOptions;
import dev.amend.registry.AmendRuntime;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A hostile tokenizer.json (malformed, wrongly shaped, out-of-range ids, huge) is bad input naming the file. */
class TokenizerFileTest {

    @TempDir
    Path temp;

    static Stream<Arguments> mutations() {
        return Stream.of(
                Arguments.of("truncated", "{\"model\": {\"vocab\": {\"a\": 0", "not valid JSON"),
                Arguments.of("an array", "[]", "missing model.vocab"),
                Arguments.of("a number", "42", "missing model.vocab"),
                Arguments.of("vocab a string", "{\"model\": {\"type\": \"BPE\", \"vocab\": \"abc\"}}", "model.vocab"),
                Arguments.of("negative id", "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": -3}}}",
                        "model.vocab: 'a' has id -3"),
                Arguments.of("huge id", "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 2147483646}}}",
                        "model.vocab: 'a' has id 2147483646"),
                Arguments.of("id past an int", "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 2147483648}}}",
                        "model.vocab: 'a' has id 2147483648"),
                Arguments.of("added token with an id of a billion", "{\"model\": {\"type\": \"BPE\", \"vocab\": "
                        + "{\"a\": 0}}, \"added_tokens\": [{\"id\": 1000000000, \"content\": \"x\"}]}",
                        "added_tokens[0] has id 1000000000"),
                Arguments.of("id not a number", "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": \"zero\"}}}",
                        "model.vocab: 'a' has id \"zero\""),
                Arguments.of("unigram entries not pairs", "{\"model\": {\"type\": \"Unigram\", \"vocab\": [1, 2]}}",
                        "model.vocab[0] is 1"),
                Arguments.of("added token with a negative id", "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}},"
                        + " \"added_tokens\": [{\"id\": -1, \"content\": \"x\"}]}", "added_tokens[0] has id -1"),
                Arguments.of("added tokens not a list", "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}},"
                        + " \"added_tokens\": 7}", "added_tokens"),
                Arguments.of("unknown model type", "{\"model\": {\"type\": \"Nope\", \"vocab\": {\"a\": 0}}}",
                        "not a tokenizer the HuggingFace tokenizers library can load"),
                Arguments.of("merges not a list", "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0},"
                        + " \"merges\": 5}}", "not a tokenizer the HuggingFace tokenizers library can load"),
                Arguments.of("unknown normalizer", "{\"normalizer\": {\"type\": \"Nope\"}, \"model\": {\"type\":"
                        + " \"WordLevel\", \"vocab\": {\"a\": 0}, \"unk_token\": \"a\"}}",
                        "not a tokenizer the HuggingFace tokenizers library can load"),
                Arguments.of("invalid split pattern", "{\"pre_tokenizer\": {\"type\": \"Split\", \"pattern\":"
                        + " {\"Regex\": \"(\"}, \"behavior\": \"Isolated\", \"invert\": false}, \"model\":"
                        + " {\"type\": \"WordLevel\", \"vocab\": {\"a\": 0}, \"unk_token\": \"a\"}}",
                        "not a tokenizer the HuggingFace tokenizers library can load"),
                Arguments.of("unknown token not in the vocabulary", "{\"model\": {\"type\": \"WordLevel\", \"vocab\":"
                        + " {\"a\": 0}, \"unk_token\": \"<unk>\"}}", "model.unk_token \"<unk>\" is not in the vocabulary"),
                Arguments.of("unknown token left to the default, not in the vocabulary", "{\"model\": {\"type\":"
                        + " \"WordLevel\", \"vocab\": {\"a\": 0}}}", "model.unk_token \"[UNK]\" is not in the vocabulary"),
                Arguments.of("nested 100,000 deep", "[".repeat(100_000), "not valid JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutations")
    void aHostileTokenizerIsBadInputNamingTheFile(String what, String content, String fragment) throws IOException {
        Path dir = copy("gpt2");
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, content);
        assertThatThrownBy(() -> AmendRuntime.create(null).models().load(dir, LoadOptions.cpu()).close())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining(fragment);
    }

    @Test
    void aHugeTokenizerIsRefusedBeforeItIsRead() throws IOException {
        Path dir = copy("gpt2");
        Path file = dir.resolve("tokenizer.json");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(1L << 30);   // sparse: 1 GiB of nothing
        }
        long start = System.nanoTime();
        assertThatThrownBy(() -> AmendRuntime.create(null).models().load(dir, LoadOptions.cpu()).close())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file + " has 1073741824 bytes, more than the ");
        assertThat((System.nanoTime() - start) / 1e9).as("seconds to refuse").isLessThan(5);
    }

    private Path copy(String fixture) throws IOException {
        return Fixture.of(fixture).copyTo(temp);
    }
}
