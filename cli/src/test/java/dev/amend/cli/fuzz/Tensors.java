package dev.amend.cli.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads safetensors files independently of the code under test, to find non-finite values in what a command wrote;
 * and the layout of the toy model's file, for mutations that aim at its header.
 */
final class Tensors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Tensors() {}

    /** The header's length (first 8 bytes, little-endian). */
    static long headerLength(byte[] file) {
        return ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** Names of tensors holding a NaN or an infinity in every {@code .safetensors} file under {@code root}. */
    static List<String> nonFinite(Path root) throws IOException {
        List<String> found = new ArrayList<>();
        if (!Files.exists(root)) {
            return found;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.filter(f -> f.toString().endsWith(".safetensors"))::iterator) {
                found.addAll(nonFinite(p, Files.readAllBytes(p)));
            }
        }
        return found;
    }

    private static List<String> nonFinite(Path file, byte[] bytes) throws IOException {
        List<String> found = new ArrayList<>();
        long n = headerLength(bytes);
        JsonNode header = JSON.readTree(new String(bytes, 8, (int) n, java.nio.charset.StandardCharsets.UTF_8));
        ByteBuffer body = ByteBuffer.wrap(bytes, 8 + (int) n, bytes.length - 8 - (int) n).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
        for (Map.Entry<String, JsonNode> e : header.properties()) {
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            int from = e.getValue().get("data_offsets").get(0).asInt();
            int to = e.getValue().get("data_offsets").get(1).asInt();
            String dtype = e.getValue().get("dtype").asText();
            if (!finite(body, dtype, from, to)) {
                found.add(file.getFileName() + ":" + e.getKey());
            }
        }
        return found;
    }

    private static boolean finite(ByteBuffer body, String dtype, int from, int to) {
        switch (dtype) {
            case "F32":
                for (int i = from; i + 4 <= to; i += 4) {
                    if (!Float.isFinite(body.getFloat(i))) {
                        return false;
                    }
                }
                return true;
            case "F64":
                for (int i = from; i + 8 <= to; i += 8) {
                    if (!Double.isFinite(body.getDouble(i))) {
                        return false;
                    }
                }
                return true;
            case "F16":
                for (int i = from; i + 2 <= to; i += 2) {
                    if ((body.getShort(i) & 0x7C00) == 0x7C00) {
                        return false;
                    }
                }
                return true;
            case "BF16":
                for (int i = from; i + 2 <= to; i += 2) {
                    if ((body.getShort(i) & 0x7F80) == 0x7F80) {
                        return false;
                    }
                }
                return true;
            default:
                return true;
        }
    }
}
