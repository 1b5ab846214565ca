package dev.amend.harness.study;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amend.api.InvalidInputException;
import dev.amend.harness.data.InputJson;
import dev.amend.harness.data.RecordStream;
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

    /** How rows are written; they are read with {@link InputJson}'s mapper, which skips fields it does not know. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    /** What to do before the first append creates the file; null once the file exists. */
    private Creation creation;

    private ResultLog(Path file, Creation creation) {
        this.file = file;
        this.creation = creation;
    }

    /** What makes ready the place a log's file goes to (its directory and what goes with it). */
    @FunctionalInterface
    public interface Creation {
        /** Runs once, right before the file is created. */
        void run() throws IOException;
    }

    /**
     * A log at {@code file}, which does not exist yet, created only when the first unit is appended, with
     * {@code creation} run first: a study that fails before its first unit finishes leaves nothing behind.
     * Until then it holds no rows.
     */
    public static ResultLog createdOnFirstAppend(Path file, Creation creation) {
        return new ResultLog(file, creation);
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
        return new ResultLog(file, null);
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
        return new ResultLog(file, null);
    }

    /** The log's file. */
    public Path file() {
        return file;
    }

    /** Every row, in the order written. */
    public synchronized List<StudyRow> rows() throws IOException {
        return creation != null ? List.of() : read(file);
    }

    /**
     * The rows of a log file (a torn last line, which {@link #open} would cut, is skipped), read one at a time with
     * {@link InputJson}'s limits; a row that is not JSON, or lacks what a report needs, is refused.
     *
     * @throws InvalidInputException naming the file, the row (0-based), its line and what was expected
     */
    public static List<StudyRow> read(Path file) throws IOException {
        List<StudyRow> rows = new ArrayList<>();
        RecordStream.of(file, StudyRow.class).firstBytes(completeLength(file)).forEach((row, index) -> {
            rows.add(checked(file, index, row));
            return true;
        });
        return rows;
    }

    /** Bytes up to and including the last newline. */
    private static long completeLength(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer block = ByteBuffer.allocate(8192);
            for (long end = channel.size(); end > 0; end -= block.capacity()) {
                long start = Math.max(0, end - block.capacity());
                block.clear().limit((int) (end - start));
                while (block.hasRemaining() && channel.read(block, start + block.position()) >= 0) {
                    // fills the block
                }
                for (int i = block.position() - 1; i >= 0; i--) {
                    if (block.get(i) == '\n') {
                        return start + i + 1;
                    }
                }
            }
            return 0;
        }
    }

    /** {@code row} if it has what a report reads from it: where it belongs and what its cell computes. */
    private static StudyRow checked(Path file, int index, StudyRow row) {
        String at = file + ": record " + index + ": ";
        StudyRow.Place place = row.place();
        CellDescription cell = row.description();
        String missing = place == null || place.cellId() == null ? "cell" : place.label() == null ? "label"
                : cell == null || cell.method() == null ? "method" : cell.mode() == null ? "mode"
                : cell.model() == null ? "model" : cell.dataset() == null ? "dataset" : null;
        if (missing != null) {
            throw new InvalidInputException(at + "field '" + missing + "' is missing: expected a study row, as "
                    + "amend study writes them");
        }
        if (!place.cellId().matches("[0-9a-zA-Z_-]{1,64}")) {
            throw new InvalidInputException(at + "field 'cell' is '" + place.cellId() + "': expected a cell id "
                    + "(letters and digits)");
        }
        if (row.checkpoints() != null && row.checkpoints().contains(null)) {
            throw new InvalidInputException(at + "field 'checkpoints' holds null: expected a list of checkpoints");
        }
        for (String metric : metricNames(row)) {
            if (!SimpleNames.isSimple(metric)) {
                throw new InvalidInputException(at + "metric '" + metric + "' is not " + SimpleNames.EXPECTED);
            }
        }
        try {
            Path.of(cell.dataset());
            Path.of(cell.model());
        } catch (java.nio.file.InvalidPathException e) {
            throw new InvalidInputException(at + "field 'dataset' or 'model' is not a path: " + e.getMessage(), e);
        }
        return row;
    }

    private static List<String> metricNames(StudyRow row) {
        List<String> names = new ArrayList<>();
        if (row.scores() != null && row.scores().post() != null) {
            names.addAll(row.scores().post().keySet());
        }
        if (row.checkpoints() != null) {
            row.checkpoints().stream().filter(p -> p != null && p.post() != null)
                    .forEach(p -> names.addAll(p.post().keySet()));
        }
        return names;
    }

    /**
     * Appends one unit's rows in a single write, forced to disk before returning; one unit at a time, under a file
     * lock, so that worker processes sharing the log never interleave their lines.
     */
    public synchronized void append(List<StudyRow> unit) throws IOException {
        if (creation != null) {
            creation.run();
            open(file);
            creation = null;
        }
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
