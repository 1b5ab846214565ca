package dev.amend.api;

/**
 * Bad input from a user: a file, field, record or name that is not what was expected. The message names the
 * culprit and what was expected; front ends show it as is (the command line exits with status 2).
 */
public class InvalidInputException extends RuntimeException {

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
