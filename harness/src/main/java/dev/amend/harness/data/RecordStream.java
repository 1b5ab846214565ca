package dev.amend.harness.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.amend.api.InvalidInputException;
import java.io.CharConversionException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a user's file of JSON records (a top-level array of them, or one per line) one record at a time with the
 * {@link InputJson} limits, so that memory stays bounded by one record whatever the file's size, and the caller can
 * stop early. Every error names the file, the record (0-based) and its line.
 *
 * @param <T> what each record is read as
 */
public final class RecordStream<T> {

    private final Path file;
    private final ObjectReader reader;
    private final long length;

    /**
     * @param length bytes of the file to read (a study's log leaves out a torn last line), or -1 for all of it
     */
    private RecordStream(Path file, ObjectReader reader, long length) {
        this.file = file;
        this.reader = reader;
        this.length = length;
    }

    /** Records of {@code file} read as {@code type}. */
    public static <T> RecordStream<T> of(Path file, Class<T> type) {
        return new RecordStream<>(file, InputJson.mapper().readerFor(type), -1);
    }

    /** The same records, reading only the first {@code length} bytes of the file. */
    public RecordStream<T> firstBytes(long length) {
        return new RecordStream<>(file, reader, length);
    }

    /** What a record is handed to: the record, its 0-based index; false to stop reading. */
    public interface Sink<T> {
        /** @return whether to read on */
        boolean accept(T record, int index);
    }

    /**
     * Hands every record to {@code sink} in file order until it returns false.
     *
     * @return the records read
     * @throws InvalidInputException when the file is absent, not JSON, or beyond the limits
     */
    public int forEach(Sink<T> sink) {
        int index = 0;
        long line = 1;   // where the current record starts
        try (Budget input = new Budget(Files.newInputStream(file), length);
             MappingIterator<T> records = reader.readValues(input)) {
            JsonParser parser = records.getParser();
            while (true) {
                input.startRecord();
                line = parser.currentLocation().getLineNr();
                if (!records.hasNextValue()) {
                    return index;
                }
                line = parser.currentLocation().getLineNr();
                if (!sink.accept(records.nextValue(), index)) {
                    return index + 1;
                }
                index++;
            }
        } catch (JsonProcessingException e) {
            throw InputJson.refused(file, "record " + index, line, e);
        } catch (RecordTooLarge e) {
            throw InputJson.tooLarge(file, "record " + index, line);
        } catch (CharConversionException e) {
            throw new InvalidInputException(file + ": record " + index + " (line " + line + "): not UTF-8 text: "
                    + e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Thrown by {@link Budget} when one record has taken more than its share of bytes. */
    private static final class RecordTooLarge extends IOException {
        RecordTooLarge() {
            super("record too large");
        }
    }

    /**
     * Counts the bytes read since the current record started and refuses more than {@link InputJson#MAX_RECORD_BYTES}
     * (plus the parser's read-ahead); ends the input after {@code length} bytes when that is not -1.
     */
    private static final class Budget extends FilterInputStream {
        private static final long READ_AHEAD = 64 << 10;
        private long read;
        private long recordStart;
        private final long length;

        Budget(InputStream in, long length) {
            super(in);
            this.length = length;
        }

        void startRecord() {
            recordStart = read;
        }

        private int allowed(int wanted) throws RecordTooLarge {
            if (read - recordStart > InputJson.MAX_RECORD_BYTES + READ_AHEAD) {
                throw new RecordTooLarge();
            }
            return length < 0 ? wanted : (int) Math.min(wanted, length - read);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = allowed(len);
            if (n <= 0 && len > 0) {
                return -1;
            }
            int got = super.read(b, off, n);
            if (got > 0) {
                read += got;
            }
            return got;
        }

        @Override
        public long skip(long n) throws IOException {
            return read(new byte[(int) Math.min(n, 8192)], 0, (int) Math.min(n, 8192));
        }
    }
}
