package dev.amend.cli.web;

import dev.amend.api.InvalidInputException;

/** Bad input in one named field of a request (a body field or a path parameter): a 400 that names the field. */
final class InvalidFieldException extends InvalidInputException {

    private final String field;

    InvalidFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The field at fault, as the request spells it. */
    String field() {
        return field;
    }
}
