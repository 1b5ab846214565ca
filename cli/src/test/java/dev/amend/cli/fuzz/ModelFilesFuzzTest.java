package dev.amend.cli.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes a model directory's files, one target each: {@code model.safetensors}'s header and body, {@code config.json}
 * and {@code tokenizer.json} of the toy model, mutated in a copy that {@code amend inspect} loads.
 */
class ModelFilesFuzzTest {

    static final String PROMPT = ". safa gusag competes in";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FILES = List.of("config.json", "tokenizer.json", "model.safetensors");

    @Test
    void safetensorsHeader() {
        fuzz("safetensors-head", 150, "model.safetensors", ModelFilesFuzzTest::header,
                7_140_366_372_794_609_300L /* 20,000 copies of the header's JSON, 100 MB: loaded, 1.2 GB allocated */);
    }

    @Test
    void safetensorsBody() {
        fuzz("safetensors-body", 50, "model.safetensors", ModelFilesFuzzTest::body);
    }

    @Test
    void configJson() {
        fuzz("config.json", 150, "config.json", (m, b) -> m.text(b));
    }

    @Test
    void tokenizerJson() {
        fuzz("tokenizer.json", 150, "tokenizer.json", (m, b) -> m.text(b),
                -1_811_344_708_258_855_474L /* a vocabulary id of 2147483648: ArrayIndexOutOfBoundsException */,
                2_380_852_793_059_492_296L /* the unknown token swapped out of the vocabulary: the library's error */);
    }

    private static void fuzz(String target, int examples, String file, BiFunction<Mutator, byte[], byte[]> mutate,
                             long... regressions) {
        Path root = Path.of("target", "fuzz", target);
        new Fuzz(target, Duration.ofSeconds(30), 1L << 30).run(examples, root, (seed, dir, input) -> {
            Mutator m = new Mutator(new Random(seed));
            Path model = copyOfToy(CliCase.in(dir).resolve("model"), file);
            Files.write(model.resolve(file), mutate.apply(m, Files.readAllBytes(CliCase.TOY.resolve(file))));
            input.add("models/toy/" + file);
            input.addAll(m.log());
            return CliCase.run(seed, input, dir, null, "inspect", "--model", model.toString(), "--text", PROMPT,
                    "--top-k", "1");
        }, regressions);
    }

    /** A copy of the toy model's files in {@code dir} (hard links where they can be, but not for {@code mutated}). */
    static Path copyOfToy(Path dir, String mutated) throws IOException {
        Files.createDirectories(dir);
        for (String f : FILES) {
            if (!f.equals(mutated)) {
                try {
                    Files.createLink(dir.resolve(f), CliCase.TOY.resolve(f));
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(CliCase.TOY.resolve(f), dir.resolve(f));
                }
            }
        }
        return dir;
    }

    /** The header mutated as text, its length prefix rewritten (or not), two tensors aliased, or the prefix itself. */
    static byte[] header(Mutator m, byte[] file) {
        int n = (int) Tensors.headerLength(file);
        String header = new String(file, 8, n, StandardCharsets.UTF_8);
        byte[] body = java.util.Arrays.copyOfRange(file, 8 + n, file.length);
        switch (m.random().nextInt(4)) {
            case 0:
                return m.overwrite(file, 0, m.pick(List.of(0L, n - 1L, n + 1L, 1L << 62, -1L, (long) file.length,
                        100_000_001L)), 8, "header length");
            case 1:
                return withHeader(aliased(m, header), body, m);
            default:
                return withHeader(new String(m.text(header.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8),
                        body, m);
        }
    }

    /** Two tensors of one byte size made to share the first one's bytes. */
    private static String aliased(Mutator m, String header) {
        try {
            ObjectNode tree = (ObjectNode) JSON.readTree(header);
            List<String> names = new ArrayList<>();
            tree.fieldNames().forEachRemaining(names::add);
            names.remove("__metadata__");
            String a = m.pick(names);
            long size = size(tree.get(a));
            List<String> same = names.stream().filter(b -> !b.equals(a) && size(tree.get(b)) == size).toList();
            if (same.isEmpty()) {
                return header;
            }
            String b = m.pick(same);
            ((ObjectNode) tree.get(b)).set("data_offsets", tree.get(a).get("data_offsets").deepCopy());
            m.log().add("alias " + b + " onto " + a + "'s bytes");
            return JSON.writeValueAsString(tree);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long size(JsonNode tensor) {
        ArrayNode offsets = (ArrayNode) tensor.get("data_offsets");
        return offsets.get(1).asLong() - offsets.get(0).asLong();
    }

    private static byte[] withHeader(String header, byte[] body, Mutator m) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + h.length + body.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(h.length).put(h).put(body);
        return out.array();
    }

    /** NaN, infinities or huge values written over aligned floats of the body, or byte-level damage. */
    static byte[] body(Mutator m, byte[] file) {
        int start = 8 + (int) Tensors.headerLength(file);
        if (m.random().nextInt(4) == 0) {
            return m.bytes(file);
        }
        byte[] b = file;
        int count = 1 + m.random().nextInt(4);
        for (int i = 0; i < count; i++) {
            int at = start + 4 * m.random().nextInt((file.length - start) / 4);
            int bits = m.pick(List.of(Float.floatToRawIntBits(Float.NaN), Float.floatToRawIntBits(Float.POSITIVE_INFINITY),
                    Float.floatToRawIntBits(Float.NEGATIVE_INFINITY), Float.floatToRawIntBits(3e38f), 0xFFFFFFFF));
            b = m.overwrite(b, at, bits & 0xFFFFFFFFL, 4, "float");
        }
        return b;
    }
}
