package dev.amend.models;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.amend.api.InvalidInputException;
import dev.amend.api.model.LoadOptions;
import dev.amend.registry.AmendRuntime;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tokenizer.json whose token ids are out of range (negative, past an int, or absurdly large) is refused with a
 * message naming the file and the token, before any array is sized by it.
 */
class TokenizerIdsTest {

    @TempDir
    Path temp;

    private final AmendRuntime runtime = AmendRuntime.create(null);

    @Test
    void aVocabularyIdPastAnIntIsNamed() throws IOException {
        Path dir = withVocabId(BigInteger.valueOf(2_147_483_648L));
        assertLoadFails(dir, "model.vocab", "2147483648");
    }

    @Test
    void aNegativeVocabularyIdIsNamed() throws IOException {
        Path dir = withVocabId(BigInteger.valueOf(-1));
        assertLoadFails(dir, "model.vocab", "-1");
    }

    @Test
    void anAddedTokenIdOfABillionIsNamed() throws IOException {
        Path dir = copyOfGpt2();
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(dir.resolve("tokenizer.json").toFile());
        ObjectNode added = root.withArray("added_tokens").addObject();
        added.put("id", 1_000_000_000).put("content", "<big>").put("single_word", false).put("lstrip", false)
                .put("rstrip", false).put("normalized", false).put("special", true);
        json.writeValue(dir.resolve("tokenizer.json").toFile(), root);
        assertLoadFails(dir, "added_tokens", "1000000000");
    }

    private Path withVocabId(BigInteger id) throws IOException {
        Path dir = copyOfGpt2();
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(dir.resolve("tokenizer.json").toFile());
        ObjectNode vocab = (ObjectNode) root.path("model").path("vocab");
        String first = vocab.fieldNames().next();
        vocab.put(first, id);
        json.writeValue(dir.resolve("tokenizer.json").toFile(), root);
        return dir;
    }

    private Path copyOfGpt2() throws IOException {
        Path target = Files.createDirectories(temp.resolve("gpt2"));
        try (Stream<Path> files = Files.list(Fixture.of("gpt2").directory())) {
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
        return target;
    }

    private void assertLoadFails(Path dir, String... fragments) {
        var failure = assertThatThrownBy(() -> runtime.models().load(dir, LoadOptions.cpu()).close())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(dir.resolve("tokenizer.json").toString());
        for (String fragment : fragments) {
            failure.hasMessageContaining(fragment);
        }
    }
}
