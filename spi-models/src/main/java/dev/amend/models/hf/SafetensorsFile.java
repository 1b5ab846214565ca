package dev.amend.models.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amend.api.InvalidInputException;
import dev.amend.toolkit.io.Safetensors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One safetensors file, read tensor by tensor: a tensor is read straight from disk into the buffer that becomes its
 * array (F16 and BF16 are widened to F32 on the way, in chunks), so loading never holds two copies of the weights and
 * the engine never sees BF16 (which aborts the CPU engine).
 */
public final class SafetensorsFile implements AutoCloseable {

    private static final int CHUNK = 1 << 20;
    /** Reads the header from its bytes, refusing anything after the JSON object (the format pads with spaces only). */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * One tensor's header entry.
     *
     * @param dtype safetensors dtype name (F32, F16, BF16, F64, I64, ...)
     * @param begin offset of the data from the start of the data section
     * @param end   one past the last byte
     */
    public record Entry(String name, String dtype, Shape shape, long begin, long end) {}

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, Entry> entries;

    private SafetensorsFile(Path file, FileChannel channel, long dataStart, Map<String, Entry> entries) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        this.entries = entries;
    }

    /**
     * Opens and checks the header: every tensor's bytes must lie inside the file and match its dtype and shape, and
     * the tensors must tile the data section without overlap or gap ({@link Safetensors#checkLayout}).
     *
     * @throws InvalidInputException naming the file (and tensor) when it is truncated or malformed
     */
    public static SafetensorsFile open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            byte[] header = Safetensors.readHeader(file, channel);
            JsonNode root;
            try {
                root = JSON.readTree(header);
            } catch (IOException e) {
                throw new InvalidInputException(file + ": header is not valid JSON (not safetensors?)", e);
            }
            long dataStart = 8L + header.length;
            Map<String, Entry> entries = parse(file, root, channel.size() - dataStart);
            return new SafetensorsFile(file, channel, dataStart, entries);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static Map<String, Entry> parse(Path file, JsonNode root, long dataSize) {
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(file + ": header is not a JSON object");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals("__metadata__")) {
                continue;
            }
            String name = field.getKey();
            JsonNode t = field.getValue();
            JsonNode offsets = t.get("data_offsets");
            JsonNode shapeNode = t.get("shape");
            if (!t.hasNonNull("dtype") || offsets == null || offsets.size() != 2 || shapeNode == null
                    || !shapeNode.isArray()) {
                throw new InvalidInputException(file + ": tensor " + name + " has a malformed header entry " + t);
            }
            long[] dims = new long[shapeNode.size()];
            long elements = 1;
            for (int i = 0; i < dims.length; i++) {
                JsonNode dim = shapeNode.get(i);
                dims[i] = dim.asLong(-1);
                if (!dim.canConvertToLong() || dims[i] < 0
                        || (dims[i] > 0 && elements > Long.MAX_VALUE / 8 / dims[i])) {
                    throw new InvalidInputException(file + ": tensor " + name + " has shape " + shapeNode
                            + ", expected a list of sizes of 0 or more");
                }
                elements *= dims[i];
            }
            Shape shape = new Shape(dims);
            String dtype = t.get("dtype").asText();
            long begin = offsets.get(0).asLong();
            long end = offsets.get(1).asLong();
            if (begin < 0 || end < begin || end > dataSize) {
                throw new InvalidInputException(file + ": tensor " + name + " needs bytes " + begin + ".." + end
                        + " of the data section, which has " + dataSize + " bytes (file truncated?)");
            }
            long expected = shape.size() * bytesPer(file, name, dtype);
            if (end - begin != expected) {
                throw new InvalidInputException(file + ": tensor " + name + " has " + (end - begin) + " bytes, but "
                        + dtype + " " + shape + " needs " + expected);
            }
            entries.put(name, new Entry(name, dtype, shape, begin, end));
        }
        Safetensors.checkLayout(file, entries.values().stream()
                .map(e -> new Safetensors.Span(e.name(), e.begin(), e.end())).toList(), dataSize);
        return Collections.unmodifiableMap(entries);
    }

    private static int bytesPer(Path file, String name, String dtype) {
        return switch (dtype) {
            case "F64", "I64", "U64" -> 8;
            case "F32", "I32", "U32" -> 4;
            case "F16", "BF16", "I16", "U16" -> 2;
            case "I8", "U8", "BOOL" -> 1;
            default -> throw new InvalidInputException(file + ": tensor " + name + " has unsupported dtype " + dtype);
        };
    }

    public Path file() {
        return file;
    }

    /** Every tensor's header entry, in file order. */
    public Map<String, Entry> entries() {
        return entries;
    }

    /**
     * Reads one tensor. Floating-point tensors come back as F32 (F16 and BF16 widened), except F64 which stays F64;
     * I64 and I32 stay as they are.
     */
    public NDArray load(NDManager manager, String name) throws IOException {
        Entry e = entries.get(name);
        if (e == null) {
            throw new InvalidInputException(file + ": no tensor " + name);
        }
        long elements = e.shape().size();
        switch (e.dtype()) {
            case "F32", "F64", "I64", "I32" -> {
                long bytes = e.end() - e.begin();
                ByteBuffer buffer = direct(bytes, e);
                readFully(channel, buffer, dataStart + e.begin());
                buffer.flip();
                return manager.create(buffer, e.shape(), switch (e.dtype()) {
                    case "F32" -> DataType.FLOAT32;
                    case "F64" -> DataType.FLOAT64;
                    case "I64" -> DataType.INT64;
                    default -> DataType.INT32;
                });
            }
            case "F16", "BF16" -> {
                ByteBuffer out = direct(elements * 4, e);
                boolean brain = e.dtype().equals("BF16");
                ByteBuffer chunk = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
                for (long at = e.begin(); at < e.end(); at += CHUNK) {
                    chunk.clear().limit((int) Math.min(CHUNK, e.end() - at));
                    readFully(channel, chunk, dataStart + at);
                    chunk.flip();
                    while (chunk.remaining() >= 2) {
                        short half = chunk.getShort();
                        out.putFloat(brain ? Float.intBitsToFloat((half & 0xffff) << 16) : halfToFloat(half));
                    }
                }
                out.flip();
                return manager.create(out, e.shape(), DataType.FLOAT32);
            }
            default -> throw new InvalidInputException(file + ": tensor " + name + " has dtype " + e.dtype()
                    + ", which Amend does not load");
        }
    }

    private ByteBuffer direct(long bytes, Entry e) {
        if (bytes > Integer.MAX_VALUE) {
            throw new InvalidInputException(file + ": tensor " + e.name() + " " + e.shape()
                    + " needs more than 2 GiB in float32, which this loader does not support yet");
        }
        return ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder());
    }

    /** IEEE 754 half precision to single precision (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            if (mantissa == 0) {
                return Float.intBitsToFloat(sign);
            }
            float value = mantissa / 1024f / 16384f;
            return sign == 0 ? value : -value;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + at);
            }
            at += n;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
