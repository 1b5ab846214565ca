package dev.amend.models;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.amend.api.InvalidInputException;
import dev.amend.api.model.LoadOptions;
import dev.amend.registry.AmendRuntime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken model directory fails with a message naming the file (and tensor) at fault. */
class LoadingErrorsTest {

    @TempDir
    Path temp;

    private final AmendRuntime runtime = AmendRuntime.create(null);

    private Path copy(String fixture) throws IOException {
        return Fixture.of(fixture).copyTo(temp);
    }

    private static void editConfig(Path dir, Consumer<ObjectNode> edit) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = (ObjectNode) json.readTree(dir.resolve("config.json").toFile());
        edit.accept(config);
        json.writeValue(dir.resolve("config.json").toFile(), config);
    }

    private void assertLoadFails(Path dir, String... fragments) {
        var failure = assertThatThrownBy(() -> runtime.models().load(dir, LoadOptions.cpu()))
                .isInstanceOf(InvalidInputException.class);
        for (String fragment : fragments) {
            failure.hasMessageContaining(fragment);
        }
    }

    @Test
    void missingFilesAreNamed() throws IOException {
        Path noTokenizer = copy("gpt2");
        Files.delete(noTokenizer.resolve("tokenizer.json"));
        assertLoadFails(noTokenizer, noTokenizer.resolve("tokenizer.json") + " is missing");

        Path noWeights = copy("llama");
        Files.delete(noWeights.resolve("model.safetensors"));
        assertLoadFails(noWeights, noWeights + " has no model.safetensors or model.safetensors.index.json");

        Path noShard = copy("gptj");
        Files.delete(noShard.resolve("model-00002-of-00002.safetensors"));
        assertLoadFails(noShard, "model.safetensors.index.json lists shard model-00002-of-00002.safetensors",
                "which is missing");
    }

    @Test
    void aTruncatedCheckpointNamesTheFileAndTheTensor() throws IOException {
        Path dir = copy("gpt2");
        Path weights = dir.resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, Arrays.copyOf(bytes, bytes.length * 2 / 3));
        assertLoadFails(dir, weights + ": tensor ", "(file truncated?)");
    }

    @Test
    void aTensorWhoseShapeDisagreesWithTheConfigIsNamed() throws IOException {
        Path dir = copy("gpt2");
        editConfig(dir, c -> c.put("n_inner", 96));
        assertLoadFails(dir, "model.safetensors: tensor h.0.mlp.c_fc.weight has shape (32, 128), "
                + "but config.json implies (32, 96)");
    }

    @Test
    void aTokenizerLargerThanTheEmbeddingIsRefused() throws IOException {
        Path dir = copy("qwen2");
        editConfig(dir, c -> c.put("vocab_size", 10));
        assertLoadFails(dir, dir.resolve("tokenizer.json") + " has ", "tokens, more than the 10 rows of the embedding");
    }

    @Test
    void theWrongModelTypeShowsAsUnexpectedTensors() throws IOException {
        Path dir = copy("gpt2");
        editConfig(dir, c -> c.put("model_type", "gptj"));
        assertLoadFails(dir, "unexpected tensor", "is the model_type right?");
        editConfig(dir, c -> c.put("model_type", "gpt3"));
        assertLoadFails(dir, "no model adapter loads model_type 'gpt3' (did you mean 'gpt2'?)");
    }

    @Test
    void configValuesOfTheWrongTypeAreNamed() throws IOException {
        Path dir = copy("llama");
        editConfig(dir, c -> c.put("num_attention_heads", "four"));
        assertLoadFails(dir, "config.json: 'num_attention_heads' is \"four\", expected an integer");
        editConfig(dir, c -> {
            c.put("num_attention_heads", 4);
            c.put("num_key_value_heads", 3);
        });
        assertLoadFails(dir, "'num_key_value_heads' (3) does not divide num_attention_heads (4)");
    }

    @Test
    void unsupportedRotarySettingsAreNamedNotIgnored() throws IOException {
        Path dir = copy("neox");
        editConfig(dir, c -> c.put("rotary_pct", 0.1));
        assertLoadFails(dir, "'rotary_pct' is 0.1: int(head size 8 · rotary_pct) = 0");
        editConfig(dir, c -> {
            c.put("rotary_pct", 0.5);
            c.putObject("rope_scaling").put("type", "dynamic").put("factor", 2.0);
        });
        assertLoadFails(dir, "'rope_scaling' has rope_type 'dynamic', which gpt_neox does not support");
    }

    /** Rewrites the checkpoint's header with {@code edit} applied (same data section, header re-padded). */
    private static void editHeader(Path weights, Consumer<ObjectNode> edit) throws IOException {
        byte[] bytes = Files.readAllBytes(weights);
        long length = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = (ObjectNode) json.readTree(new String(bytes, 8, (int) length,
                StandardCharsets.UTF_8));
        edit.accept(header);
        byte[] newHeader = json.writeValueAsBytes(header);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(newHeader.length)
                .array());
        out.write(newHeader);
        out.write(bytes, 8 + (int) length, bytes.length - 8 - (int) length);
        Files.write(weights, out.toByteArray());
    }

    @Test
    void overlappingTensorsAreRefusedNamingTheFileAndBothTensors() throws IOException {
        Path dir = copy("gpt2");
        Path weights = dir.resolve("model.safetensors");
        // two tensors of the same shape: the later one is made to alias the earlier one's bytes
        editHeader(weights, h -> ((ObjectNode) h.get("h.0.ln_2.weight"))
                .set("data_offsets", h.get("h.0.ln_1.weight").get("data_offsets").deepCopy()));
        assertLoadFails(dir, weights + ": tensors h.0.ln_1.weight and h.0.ln_2.weight overlap");
    }

    @Test
    void aHeaderWithMoreAfterItsJsonObjectIsRefused() throws IOException {
        Path dir = copy("gpt2");
        Path weights = dir.resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(weights);
        int length = (int) ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(2L * length).array());
        out.write(bytes, 8, length);
        out.write(bytes, 8, length);   // the header twice: the second copy used to be ignored
        out.write(bytes, 8 + length, bytes.length - 8 - length);
        Files.write(weights, out.toByteArray());
        assertLoadFails(dir, weights + ": header is not valid JSON");
    }
}
