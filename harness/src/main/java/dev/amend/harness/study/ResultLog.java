package dev.amend.harness.study;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A study's rows ({@link StudyRow}, one JSON object a line): a file that only grows, one unit of work (all its rows)
 * per append, each append one write forced to disk. A process killed mid-append can leave at most a torn last line;
 * opening the log cuts it off, so what is read is exactly the units that finished. Rows written by earlier versions,
 * and fields a later version adds, read as well.
 */
public final class ResultLog {

    /** How rows are written and read: fields this version does not know (a later one wrote them) are skipped. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path file;

    private ResultLog(Path file) {
        this.file = file;
    }

    /** Opens (creating if absent) the log at {@code file}, dropping a torn last line. */
    public static ResultLog open(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (!Files.exists(file)) {
            Files.createFile(file);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            long keep = size;
            ByteBuffer one = ByteBuffer.allocate(1);
            while (keep > 0) {
                one.clear();
                channel.read(one, keep - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                keep--;
            }
            if (keep < size) {
                channel.truncate(keep);
                channel.force(true);
            }
        }
        return new ResultLog(file);
    }

    /**
     * The log at {@code file} as it is, for a worker process whose parent {@link #open opened} it: no repair, since
     * another worker may be appending.
     *
     * @throws IOException when the file does not exist
     */
    public static ResultLog attach(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "open the log before attaching");
        }
        return new ResultLog(file);
    }

    /** The log's file. */
    public Path file() {
        return file;
    }

    /** Every row, in the order written. */
    public List<StudyRow> rows() throws IOException {
        return read(file);
    }

    /** The rows of a log file (a torn last line, which {@link #open} would cut, is skipped). */
    public static List<StudyRow> read(Path file) throws IOException {
        List<StudyRow> rows = new ArrayList<>();
        String text = Files.readString(file);
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return rows;
        }
        for (String line : text.substring(0, end).split("\n")) {
            if (!line.isBlank()) {
                rows.add(JSON.readValue(line, StudyRow.class));
            }
        }
        return rows;
    }

    /**
     * Appends one unit's rows in a single write, forced to disk before returning; one unit at a time, under a file
     * lock, so that worker processes sharing the log never interleave their lines.
     */
    public synchronized void append(List<StudyRow> unit) throws IOException {
        StringBuilder text = new StringBuilder();
        for (StudyRow row : unit) {
            text.append(JSON.writeValueAsString(row)).append('\n');
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
             java.nio.channels.FileLock lock = channel.lock()) {
            ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
    }
}
