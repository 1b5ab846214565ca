package dev.amend.api.edit;

import dev.amend.api.InvalidInputException;

/** An {@link EditRequest} field that is missing or wrong; the message names the field and, once known, the record. */
public final class InvalidRequestException extends InvalidInputException {

    /** The record's field at fault. */
    private final String field;
    /** What is wrong with it and what was expected. */
    private final String problem;
    /** The record's index in its file, or -1 when not known yet. */
    private final int record;
    /** The file the record comes from, or null when not known yet. */
    private final String source;

    /**
     * A problem with {@code field}, record not yet known.
     *
     * @param field the record's field at fault
     * @param problem what is wrong with it and what was expected
     */
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

    /**
     * {@return the same problem, placed at record {@code index} (0-based) of {@code source} (a file name, or null)}
     *
     * @param index the record's index in its file, from 0
     * @param source the file the record comes from
     */
    public InvalidRequestException at(int index, String source) {
        return new InvalidRequestException(field, problem, index, source);
    }

    /** {@return the record's field at fault} */
    public String field() {
        return field;
    }

    /** {@return the 0-based record index, or -1 when not known} */
    public int record() {
        return record;
    }
}
