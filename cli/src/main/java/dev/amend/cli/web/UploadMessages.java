package dev.amend.cli.web;

import dev.amend.api.InvalidInputException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Why an uploaded edit is refused, told in the visitor's terms: the loader names the files it reads, which for an
 * upload lie in a server's temporary folder, a path that is none of the visitor's business; it becomes "the upload".
 */
final class UploadMessages {

    /** Reads an uploaded edit unpacked in a folder. */
    @FunctionalInterface
    interface Reading<T> {
        T read() throws IOException;
    }

    private UploadMessages() {}

    /**
     * {@code reading}'s result; its bad-input and I/O failures become an {@link InvalidInputException} whose message
     * names files relative to {@code folder} instead.
     */
    static <T> T withoutFolder(Path folder, Reading<T> reading) {
        try {
            return reading.read();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(scrub(folder, e.getMessage()), e);
        } catch (IOException e) {
            throw new InvalidInputException("the uploaded edit cannot be read: " + scrub(folder, e.getMessage()), e);
        }
    }

    /** {@code message} with {@code folder}'s files named by their plain names and the folder itself as "the upload". */
    static String scrub(Path folder, String message) {
        if (message == null) {
            return "no reason given";
        }
        String root = folder.toString();
        String real = folder.toAbsolutePath().normalize().toString();
        return message.replace(root + folder.getFileSystem().getSeparator(), "")
                .replace(real + folder.getFileSystem().getSeparator(), "")
                .replace(root, "the upload").replace(real, "the upload");
    }
}
