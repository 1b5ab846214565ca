package dev.amend.cli.web;

import dev.amend.api.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** A saved edit's directory (flat: {@code edit.json}, {@code deltas.safetensors}) as a zip, for download and upload. */
final class EditZips {

    /** The most bytes an uploaded edit may unpack to. */
    static final long MAX_UNPACKED = 256L << 20;

    private EditZips() {}

    /** The files of {@code dir} (not its sub-directories), zipped. */
    static byte[] zip(Path dir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes); Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(file.getFileName().toString()));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /**
     * Unpacks an uploaded zip into {@code dir}: plain file names only (no folders, no {@code ..}), at most
     * {@link #MAX_UNPACKED} bytes.
     *
     * @throws InvalidInputException when it is not a zip, holds a path, or is too large
     */
    static void unzip(byte[] zipBytes, Path dir) throws IOException {
        long total = 0;
        List<String> names = new java.util.ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(zipBytes))) {
            for (ZipEntry entry; (entry = nextEntry(zip)) != null; ) {
                String name = entry.getName();
                if (entry.isDirectory() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
                    throw new InvalidInputException("the uploaded edit holds '" + name + "': expected the plain files"
                            + " of a saved edit (edit.json, deltas.safetensors)");
                }
                try (OutputStream out = Files.newOutputStream(dir.resolve(name))) {
                    total += copy(zip, out, MAX_UNPACKED - total);
                } catch (java.util.zip.ZipException | java.io.EOFException e) {
                    throw new InvalidInputException("the uploaded edit is not a readable zip: " + e.getMessage());
                }
                names.add(name);
            }
        }
        if (names.isEmpty()) {
            throw new InvalidInputException("the upload is not a zip of a saved edit (no files in it)");
        }
    }

    private static ZipEntry nextEntry(ZipInputStream zip) throws IOException {
        try {
            return zip.getNextEntry();
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new InvalidInputException("the uploaded edit is not a readable zip: " + e.getMessage());
        }
    }

    private static long copy(InputStream in, OutputStream out, long room) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long copied = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            copied += n;
            if (copied > room) {
                throw new InvalidInputException("the uploaded edit unpacks to more than " + MAX_UNPACKED + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return copied;
    }
}
