package dev.amend.cli.web;

/** Rules for a request's text fields: required ones present and not blank, none over {@value #MAX_TEXT} characters. */
final class TextFields {

    /** The longest text field accepted. */
    static final int MAX_TEXT = 2_000;

    private TextFields() {}

    /** {@code value}, or null when it is blank: an optional field left empty counts as absent. */
    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * Checks a field: present unless optional, at most {@value #MAX_TEXT} characters.
     *
     * @throws InvalidFieldException naming the field
     */
    static void check(String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new InvalidFieldException(field, "field '" + field + "' is missing: expected a non-empty string");
            }
            return;
        }
        if (value.length() > MAX_TEXT) {
            throw new InvalidFieldException(field, "field '" + field + "' is " + value.length()
                    + " characters long; at most " + MAX_TEXT);
        }
    }
}
