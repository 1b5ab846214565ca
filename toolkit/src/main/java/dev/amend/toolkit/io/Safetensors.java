package dev.amend.toolkit.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.amend.api.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named arrays in a safetensors file, through DJL's codec (float32 and the other types the CPU engine holds, files
 * under 2 GiB): edits' deltas, training checkpoints and archives, small models. Model weights of any size and dtype
 * are read by the model adapters instead; both check the header's layout with {@link #checkLayout}.
 */
public final class Safetensors {

    /** Header lengths above this are corrupt, not big (the reference implementation's limit). */
    public static final long MAX_HEADER = 100_000_000L;

    private Safetensors() {}

    /**
     * One tensor's bytes, as its header entry gives them.
     *
     * @param name  the tensor's name
     * @param begin offset of its first byte from the start of the data section
     * @param end   one past its last byte
     */
    public record Span(String name, long begin, long end) {}

    /**
     * Writes the arrays under their map names (as copies, so that the live arrays keep their own names).
     *
     * @param file the safetensors file
     * @param arrays tensors by name
     * @throws IOException when the file cannot be written
     */
    public static void write(Path file, Map<String, NDArray> arrays) throws IOException {
        try (NDManager scratch = NDManager.newBaseManager(); OutputStream out = Files.newOutputStream(file)) {
            NDList list = new NDList();
            arrays.forEach((name, array) -> {
                NDArray copy = array.duplicate();
                copy.attach(scratch);
                copy.setName(name);
                list.add(copy);
            });
            list.encode(out, NDList.Encoding.SAFETENSORS);
        }
    }

    /**
     * {@return every array of {@code file}, by name in the file's order, attached to {@code manager}}
     *
     * @param file the safetensors file
     * @param manager where the arrays live (the caller closes it)
     * @throws InvalidInputException naming the file when it is missing, truncated, not safetensors, or its tensors'
     *     byte ranges overlap, leave gaps or run past the data (see {@link #checkLayout})
     * @throws IOException when the file cannot be read
     */
    public static Map<String, NDArray> read(Path file, NDManager manager) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + " is missing");
        }
        checkHeader(file);
        NDList list;
        try (InputStream in = Files.newInputStream(file)) {
            list = NDList.decode(manager, in);
        } catch (RuntimeException | IOException e) {
            throw new InvalidInputException(file + ": not a readable safetensors file (truncated or corrupt?): "
                    + e.getMessage(), e);
        }
        Map<String, NDArray> byName = new LinkedHashMap<>();
        list.forEach(a -> byName.put(a.getName(), a));
        return byName;
    }

    /**
     * Checks a header's layout as the reference implementation (HuggingFace's safetensors) does: sorted by offset, the
     * tensors' byte ranges tile the data section from its first byte to its last, so that no two tensors share bytes
     * (aliased weights), no bytes hide between them and none run past the file.
     *
     * @param file     the file, for messages
     * @param spans    every tensor's byte range
     * @param dataSize the bytes after the header
     * @throws InvalidInputException naming the file and the tensor (or the two tensors) at fault
     */
    public static void checkLayout(Path file, List<Span> spans, long dataSize) {
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingLong(Span::begin).thenComparingLong(Span::end));
        long covered = 0;
        Span previous = null;
        for (Span s : sorted) {
            if (s.begin() < 0 || s.end() < s.begin() || s.end() > dataSize) {
                throw new InvalidInputException(file + ": tensor " + s.name() + " has data_offsets [" + s.begin()
                        + ", " + s.end() + "], outside the data section of " + dataSize + " bytes (file truncated?)");
            }
            if (s.begin() < covered) {
                throw new InvalidInputException(file + ": tensors " + previous.name() + " and " + s.name()
                        + " overlap (bytes " + s.begin() + ".." + covered + " of the data section belong to both); "
                        + "each tensor needs bytes of its own");
            }
            if (s.begin() > covered) {
                throw new InvalidInputException(file + ": " + (s.begin() - covered) + " unused bytes at "
                        + covered + ".." + s.begin() + " of the data section, before tensor " + s.name()
                        + (previous == null ? "" : " (after " + previous.name() + ")")
                        + "; safetensors data is contiguous");
            }
            covered = s.end();
            previous = s;
        }
        if (covered != dataSize) {
            throw new InvalidInputException(file + ": the data section has " + dataSize + " bytes but its tensors "
                    + "end at byte " + covered + " (" + (dataSize - covered) + " bytes trailing)");
        }
    }

    /** Reads the header (bounded) and checks its layout before DJL's decoder sees the file. */
    private static void checkHeader(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            byte[] header = readHeader(file, channel);
            checkLayout(file, spans(file, header), channel.size() - 8 - header.length);
        }
    }

    /**
     * A safetensors file's header: the JSON text after the 8-byte length, read only once that length is checked
     * against the file's size and {@link #MAX_HEADER} (so a hostile length allocates nothing). The data section
     * follows it, {@code channel.size() - 8 - header.length} bytes.
     *
     * @param file    the file, for messages
     * @param channel the file opened for reading
     * @return the header's bytes (UTF-8 JSON)
     * @throws InvalidInputException naming the file when it is shorter than its header says, or the length is absurd
     * @throws IOException           when reading fails
     */
    public static byte[] readHeader(Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        if (size < 8 || channel.read(lengthBytes, 0) != 8) {
            throw new InvalidInputException(file + ": truncated (" + size
                    + " bytes, shorter than the 8-byte header length)");
        }
        long headerLength = lengthBytes.flip().getLong();
        if (headerLength <= 0 || headerLength > MAX_HEADER || headerLength > size - 8) {
            throw new InvalidInputException(file + ": header length " + headerLength + " does not fit a file of "
                    + size + " bytes (truncated or not safetensors)");
        }
        ByteBuffer header = ByteBuffer.allocate((int) headerLength);
        while (header.hasRemaining()) {
            if (channel.read(header, 8 + header.position()) < 0) {
                throw new InvalidInputException(file + ": truncated inside its header");
            }
        }
        return header.array();
    }

    private static List<Span> spans(Path file, byte[] header) {
        JsonElement root;
        try {   // one JSON value and nothing after it but whitespace, or the parser refuses
            root = JsonParser.parseReader(new InputStreamReader(new ByteArrayInputStream(header), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new InvalidInputException(file + ": header is not valid JSON (not safetensors?)", e);
        }
        if (!root.isJsonObject()) {
            throw new InvalidInputException(file + ": header is not a JSON object");
        }
        List<Span> spans = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : root.getAsJsonObject().entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            JsonElement offsets = e.getValue().isJsonObject()
                    ? ((JsonObject) e.getValue()).get("data_offsets") : null;
            if (offsets == null || !offsets.isJsonArray() || ((JsonArray) offsets).size() != 2
                    || !isWhole(((JsonArray) offsets).get(0)) || !isWhole(((JsonArray) offsets).get(1))) {
                throw new InvalidInputException(file + ": tensor " + e.getKey()
                        + " has no data_offsets [begin, end] of two whole numbers");
            }
            JsonArray o = (JsonArray) offsets;
            spans.add(new Span(e.getKey(), o.get(0).getAsLong(), o.get(1).getAsLong()));
        }
        return spans;
    }

    private static boolean isWhole(JsonElement e) {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            return false;
        }
        try {
            new BigDecimal(e.getAsString()).longValueExact();
            return true;
        } catch (ArithmeticException | NumberFormatException x) {
            return false;
        }
    }
}
