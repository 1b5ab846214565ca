package dev.amend.api.edit;

import dev.amend.api.InvalidInputException;

/** An {@link EditRequest} field that is missing or wrong; the message names the field and, once known, the record. */
public final class InvalidRequestException extends InvalidInputException {

    private final String field;
    private final String problem;
    private final int record;
    private final String source;

    /** A problem with {@code field}, record not yet known. */
    public InvalidRequestException(String field, String problem) {
        this(field, problem, -1, null);
    }

    private InvalidRequestException(String field, String problem, int record, String source) {
        super((source != null ? source + ": " : "") + (record >= 0 ? "record " + record + ": " : "")
                + "field '" + field + "': " + problem);
        this.field = field;
        this.problem = problem;
        this.record = record;
        this.source = source;
    }

    /** The same problem, placed at record {@code index} (0-based) of {@code source} (a file name, or null). */
    public InvalidRequestException at(int index, String source) {
        return new InvalidRequestException(field, problem, index, source);
    }

    public String field() {
        return field;
    }

    /** The 0-based record index, or -1 when not known. */
    public int record() {
        return record;
    }
}
