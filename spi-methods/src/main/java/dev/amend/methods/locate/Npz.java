package dev.amend.methods.locate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.amend.api.InvalidInputException;
import dev.amend.toolkit.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * NumPy {@code .npz} archives (zip files of {@code .npy} arrays, stored or deflated), as EasyEdit caches its layer
 * statistics: little-endian float16/32/64 and int32/64 arrays, C or Fortran order.
 */
public final class Npz {

    /** The six bytes every .npy starts with: 0x93 then "NUMPY" (Latin-1). */
    private static final String MAGIC = "\u0093NUMPY";
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<>|=]?)([A-Za-z])(\\d*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private Npz() {}

    /** Kinds of non-numeric entries, which {@link #read} passes over (EasyEdit's files hold a text "constructor"). */
    private static final String TEXT_KINDS = "USOV";

    /**
     * Reads every numeric array of {@code file}, by name without the {@code .npy} suffix; text and object entries
     * are passed over.
     *
     * @throws InvalidInputException naming the file and entry when it is not a readable npz
     */
    public static Map<String, NDArray> read(Path file, NDManager manager) throws IOException {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (!e.getName().endsWith(".npy")) {
                    continue;
                }
                String name = e.getName().substring(0, e.getName().length() - 4);
                try {
                    NDArray array = readNpy(zip, manager);
                    if (array != null) {
                        arrays.put(name, array);
                    }
                } catch (IllegalArgumentException | IOException ex) {
                    throw new InvalidInputException(file + ": entry " + e.getName() + " is not a readable .npy array: "
                            + ex.getMessage());
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new InvalidInputException(file + " is not an npz (zip) archive: " + e.getMessage());
        }
        return arrays;
    }

    /** One .npy entry, or null when it holds text or objects. */
    private static NDArray readNpy(InputStream in, NDManager manager) throws IOException {
        byte[] magic = in.readNBytes(8);
        byte[] expected = MAGIC.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < expected.length; i++) {
            if (magic.length < 8 || magic[i] != expected[i]) {
                throw new IllegalArgumentException("no NUMPY magic");
            }
        }
        int major = magic[6];
        byte[] lengthBytes = in.readNBytes(major == 1 ? 2 : 4);
        ByteBuffer lb = ByteBuffer.wrap(major == 1 ? new byte[] {lengthBytes[0], lengthBytes[1], 0, 0} : lengthBytes)
                .order(ByteOrder.LITTLE_ENDIAN);
        String header = new String(in.readNBytes(lb.getInt()), StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shape.find()) {
            throw new IllegalArgumentException("unreadable header " + header.strip());
        }
        if (TEXT_KINDS.contains(descr.group(2))) {
            return null;
        }
        if (descr.group(1).equals(">")) {
            throw new IllegalArgumentException("big-endian arrays are not supported");
        }
        DataType type = switch (descr.group(2) + descr.group(3)) {
            case "f2" -> DataType.FLOAT16;
            case "f4" -> DataType.FLOAT32;
            case "f8" -> DataType.FLOAT64;
            case "i4" -> DataType.INT32;
            case "i8" -> DataType.INT64;
            default -> throw new IllegalArgumentException("dtype " + descr.group(2) + descr.group(3)
                    + " is not supported (float16/32/64, int32/64)");
        };
        long[] dims = shape.group(1).isBlank() ? new long[0]
                : java.util.Arrays.stream(shape.group(1).split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .mapToLong(Long::parseLong).toArray();
        boolean fortranOrder = fortran.group(1).equals("True");
        Shape s = new Shape(dims);
        int bytes = Math.toIntExact(s.size() * type.getNumOfBytes());
        byte[] data = in.readNBytes(bytes);
        if (data.length != bytes) {
            throw new IllegalArgumentException("truncated: expected " + bytes + " bytes of data, found " + data.length);
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        buffer.put(data).rewind();
        if (!fortranOrder || dims.length < 2) {
            return manager.create(buffer, s, type);
        }
        long[] reversed = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            reversed[i] = dims[dims.length - 1 - i];
        }
        return manager.create(buffer, new Shape(reversed), type).transpose();
    }

    /** Writes {@code arrays} (float64, float32 or int64) as an uncompressed npz, atomically. */
    public static void write(Path file, Map<String, NDArray> arrays) throws IOException {
        // a staging file of its own: two workers may write the same statistics at once
        AtomicFiles.write(file, staging -> {
            try (OutputStream out = Files.newOutputStream(staging); ZipOutputStream zip = new ZipOutputStream(out)) {
                for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
                    zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                    writeNpy(zip, e.getValue());
                    zip.closeEntry();
                }
            }
        });
    }

    private static void writeNpy(OutputStream out, NDArray array) throws IOException {
        String descr = switch (array.getDataType()) {
            case FLOAT64 -> "<f8";
            case FLOAT32 -> "<f4";
            case INT64 -> "<i8";
            default -> throw new IllegalArgumentException("cannot write " + array.getDataType() + " to npz");
        };
        StringBuilder shape = new StringBuilder();
        for (long d : array.getShape().getShape()) {
            shape.append(d).append(", ");
        }
        String dims = array.getShape().dimension() == 1 ? shape.toString().strip()
                : shape.length() == 0 ? "" : shape.substring(0, shape.length() - 2);
        StringBuilder header = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': ("
                + dims + "), }");
        while ((MAGIC.length() + 4 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.write(MAGIC.getBytes(StandardCharsets.ISO_8859_1));
        head.write(new byte[] {1, 0, (byte) (header.length() & 0xff), (byte) (header.length() >> 8)});
        head.write(header.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(head.toByteArray());
        ByteBuffer data = array.toByteBuffer().order(ByteOrder.nativeOrder());
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalStateException("npz writing needs a little-endian machine");
        }
        out.write(bytes);
    }
}
