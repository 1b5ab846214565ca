package dev.amend.cli.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.http.HttpStatus;

/**
 * An error reply as RFC 9457 problem details ({@value #CONTENT_TYPE}). Its {@code type} is {@code about:blank}, whose
 * {@code title} is the status's reason phrase, except for bad input in one field: {@value #INVALID_FIELD}, which
 * names the field at fault in {@code field}, and a call without a live session: {@value #NO_SESSION}. {@code detail}
 * says what was wrong, for a person to read.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Problem(String type, String title, int status, String detail, String field) {

    static final String CONTENT_TYPE = "application/problem+json";
    /** The type of a problem with one request field. */
    static final String INVALID_FIELD = "urn:amend:problem:invalid-field";
    /** The type of a call made without a live session. */
    static final String NO_SESSION = "urn:amend:problem:no-session";

    /** A problem that means what its status means. */
    static Problem of(HttpStatus status, String detail) {
        return new Problem("about:blank", status.getMessage(), status.getCode(), detail, null);
    }

    /** A call that needs a session came without a live one (a 403): the client starts one, then retries. */
    static Problem noSession(String detail) {
        return new Problem(NO_SESSION, "No session", HttpStatus.FORBIDDEN.getCode(), detail, null);
    }

    /** Bad input in {@code field} (a 400). */
    static Problem invalidField(String field, String detail) {
        return new Problem(INVALID_FIELD, "Invalid field", HttpStatus.BAD_REQUEST.getCode(), detail, field);
    }
}
